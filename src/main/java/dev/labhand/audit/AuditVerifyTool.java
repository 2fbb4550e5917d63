package dev.labhand.audit;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/** {@code audit.verify}: checks the hash chain, for admins. */
public final class AuditVerifyTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("audit.verify", Risk.READ, Role.ADMIN);
    private final AuditLog log;

    public AuditVerifyTool(AuditLog log) {
        this.log = log;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        AuditChain.Verdict v = log.verify();
        String text = v.ok() ? Messages.get(call.lang(), "audit.verify.ok", "rows", v.rows())
                : Messages.get(call.lang(), "audit.verify.bad", "row", v.badRow(), "reason", v.reason());
        return Outcome.Done.of(text, "labhand audit verify");
    }
}
