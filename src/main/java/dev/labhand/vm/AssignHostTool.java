package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/**
 * {@code host.assign name: member:} and {@code host.unassign name: member:}: which learners may put workspaces
 * on a host. One class for both: they are the same record, added or taken away.
 */
public final class AssignHostTool implements Tool {
    private final VmService service;
    private final boolean assign;
    private final ToolSpec spec;

    public AssignHostTool(VmService service, boolean assign) {
        this.service = service;
        this.assign = assign;
        this.spec = ToolSpec.of(assign ? "host.assign" : "host.unassign", Risk.CHANGE, Role.INSTRUCTOR,
                Param.host("name"), Param.string("member", Param.MEMBER_ID));
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public Outcome run(Invocation call) {
        String name = call.args().get("name");
        String member = call.args().get("member");
        if (name.equals(HostRecord.LOCAL)) return new Outcome.Invalid(Messages.get(call.lang(), "host.local-for-all"));
        boolean changed = assign ? service.hosts().assign(name, member, call.caller().id())
                : service.hosts().unassign(name, member);
        String key = (assign ? "host.assigned" : "host.unassigned") + (changed ? "" : ".already");
        return Outcome.Done.of(Messages.get(call.lang(), key, "name", name, "member", member), null);
    }
}
