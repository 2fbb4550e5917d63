package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Redactor;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/** {@code workspace.logs name: [lines:]}: the container's last lines, secrets redacted. */
public final class WorkspaceLogsTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("workspace.logs", Risk.READ, Role.LEARNER,
            Param.workspace("name"), Param.integer("lines", 1, 500).optional("50")).answeredPrivately();
    private final WorkspaceService service;

    public WorkspaceLogsTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        var r = service.repository().byName(call.args().get("name")).orElseThrow();
        int lines = call.args().integer("lines", 50);
        String logs = service.logs(r, lines, call.lang());
        if (r.secret() != null) logs = logs.replace(r.secret(), Redactor.MASK);
        logs = Redactor.redact(logs).strip();
        String text = logs.isEmpty()
                ? Messages.get(call.lang(), "workspace.logs.empty", "name", r.name())
                : Messages.get(call.lang(), "workspace.logs.header", "name", r.name(), "lines", lines) + "\n" + logs;
        return Outcome.Done.of(text, TeachingCommand.docker("logs", "--tail", Integer.toString(lines),
                WorkspaceText.container(r)));
    }
}
