package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/** {@code workspace.remove name:}: removes the container and the record (destructive: confirmed first). */
public final class RemoveWorkspaceTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("workspace.remove", Risk.DESTRUCTIVE, Role.LEARNER,
            Param.workspace("name")).answeredPrivately();
    private final WorkspaceService service;

    public RemoveWorkspaceTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var r = service.repository().byName(call.args().get("name")).orElseThrow();
        service.remove(r, call.lang());
        return Outcome.Done.of(Messages.get(call.lang(), "workspace.removed", "name", r.name(),
                "path", service.volumeDir(r)), TeachingCommand.docker("rm", "-f", WorkspaceText.container(r)));
    }
}
