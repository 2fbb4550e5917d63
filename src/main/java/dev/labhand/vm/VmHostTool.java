package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.UserError;

/** What the vm.* tools that act on one existing VM share: finding it, and refusing hosts that are not VMs. */
final class VmHostTool {
    private VmHostTool() {}

    static HostRecord vm(VmService service, Invocation call) {
        String name = call.args().get("name");
        HostRecord h = service.hosts().byName(name).orElse(null);
        if (h == null || !h.isVm()) throw new UserError(Messages.get(call.lang(), "vm.not-a-vm", "name", name));
        return h;
    }
}
