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
import java.util.List;

/** {@code host.remove name:}: forgets a registered SSH host (the machine itself is untouched); VMs go with vm.delete. */
public final class RemoveHostTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("host.remove", Risk.DESTRUCTIVE, Role.INSTRUCTOR, Param.host("name"));
    private final VmService service;

    public RemoveHostTool(VmService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** A VM is refused before a confirmation is asked for: vm.delete removes it, even one whose create failed. */
    @Override
    public Outcome check(dev.labhand.tool.Caller caller, dev.labhand.tool.Args args) {
        String name = args.get("name");
        HostRecord h = service.hosts().byName(name).orElse(null);
        if (h != null && h.isVm()) return new Outcome.Invalid(Messages.get(caller.locale(), "host.remove.is-vm", "name", name));
        return null;
    }

    @Override
    public Outcome run(Invocation call) {
        String name = call.args().get("name");
        HostRecord h = service.hosts().byName(name).orElse(null);
        if (h == null) return new Outcome.Invalid(Messages.get(call.lang(), "host.remove.local"));
        if (h.isVm()) return new Outcome.Invalid(Messages.get(call.lang(), "host.remove.is-vm", "name", name));
        List<String> on = service.workspacesOn(name).stream().map(w -> w.name()).toList();
        if (!on.isEmpty()) {
            return new Outcome.Invalid(Messages.get(call.lang(), "vm.delete.has-workspaces", "name", name,
                    "workspaces", String.join(", ", on)));
        }
        service.forgetHost(name);
        return Outcome.Done.of(Messages.get(call.lang(), "host.removed", "name", name), "docker context rm " + name);
    }
}
