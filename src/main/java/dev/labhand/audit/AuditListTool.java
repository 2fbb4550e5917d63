package dev.labhand.audit;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/** {@code audit.list [member:] [limit:]}: the newest audit rows, for instructors. */
public final class AuditListTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("audit.list", Risk.READ, Role.INSTRUCTOR,
            Param.member("member").optional(null),
            Param.integer("limit", 1, 50).optional("15")).answeredPrivately();
    private final AuditLog log;

    public AuditListTool(AuditLog log) {
        this.log = log;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        var rows = log.list(call.args().get("member"), null, call.args().integer("limit", 15));
        StringBuilder sb = new StringBuilder(Messages.get(call.lang(), "audit.list.header", "count", rows.size()));
        for (AuditRow r : rows) {
            sb.append("\n#").append(r.id()).append(' ').append(r.time(), 0, Math.min(19, r.time().length()))
                    .append(' ').append(r.callerId()).append(" (").append(r.role()).append(", ").append(r.origin())
                    .append(") ").append(r.tool()).append(' ').append(r.args()).append(" → ").append(r.outcome());
        }
        return Outcome.Done.of(sb.toString(), "labhand audit list --limit " + call.args().integer("limit", 15));
    }
}
