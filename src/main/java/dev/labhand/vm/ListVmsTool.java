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

/** {@code vm.list}: every course VM with its state, size and running workspaces, as the store last saw it. */
public final class ListVmsTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("vm.list", Risk.READ, Role.INSTRUCTOR);
    private final VmService service;

    public ListVmsTool(VmService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        List<HostRecord> vms = service.hosts().all().stream().filter(HostRecord::isVm).toList();
        String command = "az vm list -d --query \"[?tags.\\\"managed-by\\\"=='labhand']\" -o table\n"
                + "aws ec2 describe-instances --filters Name=tag:managed-by,Values=labhand";
        if (vms.isEmpty()) return Outcome.Done.of(Messages.get(call.lang(), "vm.list.none"), command);
        StringBuilder sb = new StringBuilder(Messages.get(call.lang(), "vm.list.header", "count", vms.size()));
        for (HostRecord h : vms) sb.append("\n• ").append(VmText.summary(h, service.runningOn(h.name()), service.ownerName(h), call.lang()));
        return Outcome.Done.of(sb.toString(), command);
    }
}
