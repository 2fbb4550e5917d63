package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.List;

/** {@code host.list}: where a member may put workspaces: "local" and the hosts they are assigned (instructors: all, with members). */
public final class HostListTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("host.list", Risk.READ, Role.LEARNER);
    private final VmService service;

    public HostListTool(VmService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        boolean all = call.caller().role().atLeast(Role.INSTRUCTOR);
        List<HostRecord> rows = all ? service.hosts().all()
                : service.hosts().assignedTo(call.caller().id()).stream()
                        .flatMap(n -> service.hosts().byName(n).stream()).toList();
        StringBuilder sb = new StringBuilder(Messages.get(call.lang(), "host.list.header", "count", rows.size() + 1));
        sb.append("\n• ").append(Messages.get(call.lang(), "host.local", "running", service.runningOn(HostRecord.LOCAL)));
        for (HostRecord h : rows) {
            sb.append("\n• ").append(VmText.summary(h, service.runningOn(h.name()), service.ownerName(h), call.lang()));
            service.trouble(h.name(), call.lang()).ifPresent(t -> sb.append("\n  ⚠ ").append(t));
            if (all) {
                List<String> members = service.hosts().members(h.name()).stream().map(service::memberName).toList();
                sb.append(' ').append(Messages.get(call.lang(), "host.members",
                        "members", members.isEmpty() ? "-" : String.join(", ", members)));
            }
        }
        return Outcome.Done.of(sb.toString(), "docker context ls");
    }
}
