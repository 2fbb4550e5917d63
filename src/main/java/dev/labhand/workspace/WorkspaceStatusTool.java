package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/** {@code workspace.status name:}: what the store and the engine say about one workspace. */
public final class WorkspaceStatusTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("workspace.status", Risk.READ, Role.LEARNER, Param.workspace("name")).answeredPrivately();
    private final WorkspaceService service;

    public WorkspaceStatusTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var lang = call.lang();
        WorkspaceRecord before = service.repository().byName(call.args().get("name")).orElseThrow();
        var state = service.inspect(before, call.lang());
        WorkspaceRecord r = service.repository().byId(before.id()).orElse(before);
        StringBuilder sb = new StringBuilder(WorkspaceText.summary(service, r, lang));
        state.ifPresentOrElse(s -> {
            sb.append('\n').append(Messages.get(lang, "workspace.status.engine", "state", s.status(),
                    "id", s.id().substring(0, 12)));
            if (!s.running() && s.exitCode() != null) {
                sb.append('\n').append(Messages.get(lang, "workspace.status.exit", "code", s.exitCode()));
            }
        }, () -> sb.append('\n').append(Messages.get(lang, "workspace.container-missing", "name", r.name())));
        if (!r.ports().isEmpty()) {
            sb.append('\n').append(Messages.get(lang, "workspace.status.ports", "ports", r.ports().toString()));
        }
        return Outcome.Done.of(sb.toString(), TeachingCommand.docker("inspect", WorkspaceText.container(r)));
    }
}
