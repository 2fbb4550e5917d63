package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/** {@code workspace.start name:}: starts a stopped workspace's container. */
public final class StartWorkspaceTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("workspace.start", Risk.CHANGE, Role.LEARNER, Param.workspace("name"));
    private final WorkspaceService service;

    public StartWorkspaceTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var r = service.repository().byName(call.args().get("name")).orElseThrow();
        service.start(r, call.lang());
        return Outcome.Done.of(Messages.get(call.lang(), "workspace.started", "name", r.name()),
                TeachingCommand.docker("start", WorkspaceText.container(r)));
    }
}
