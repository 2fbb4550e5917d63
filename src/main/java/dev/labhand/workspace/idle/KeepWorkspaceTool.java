package dev.labhand.workspace.idle;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.workspace.WorkspaceService;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code workspace.keep name: [hours:]}: the owner's "I still need it": the idle culler leaves the workspace
 * running for that long (1 h by default, the warning's [Keep 1 h] button), and any pending warning is withdrawn.
 */
public final class KeepWorkspaceTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("workspace.keep", Risk.CHANGE, Role.LEARNER,
            Param.workspace("name"), Param.integer("hours", 1, 12).optional("1"));
    private static final java.time.format.DateTimeFormatter UNTIL =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC);
    private final WorkspaceService service;

    public KeepWorkspaceTool(WorkspaceService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var r = service.repository().byName(call.args().get("name")).orElseThrow();
        int hours = call.args().integer("hours", 1);
        Instant now = service.clock().instant();
        Instant until = now.plus(Duration.ofHours(hours));
        new IdleRecords(service.repository().database()).keep(r.id(), now, until);
        return Outcome.Done.of(Messages.get(call.lang(), "workspace.kept", "name", r.name(), "hours", hours,
                "until", UNTIL.format(until)), null);
    }
}
