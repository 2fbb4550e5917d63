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
import java.time.Duration;

/**
 * {@code vm.stop name:} and {@code vm.deallocate name:}: one class for the two ways to stop paying for a
 * VM, because the only difference is what the cloud releases; the reply says what is still billed.
 */
public final class StopVmTool implements Tool {
    private final VmService service;
    private final boolean deallocate;
    private final ToolSpec spec;

    public StopVmTool(VmService service, boolean deallocate) {
        this.service = service;
        this.deallocate = deallocate;
        this.spec = ToolSpec.of(deallocate ? "vm.deallocate" : "vm.stop", Risk.CHANGE, Role.INSTRUCTOR,
                Param.host("name")).withTimeout(Duration.ofMinutes(15));
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        HostRecord h = VmHostTool.vm(service, call);
        call.progress().report(Messages.get(call.lang(), "vm.progress.stopping", "name", h.name()));
        service.stop(h, deallocate, null, call.lang(), call.progress());
        var commands = service.providers().get(h.provider(), call.lang()).commands();
        String billing = "vm.billing." + h.provider() + (deallocate ? ".deallocated" : ".stopped");
        return Outcome.Done.of(Messages.get(call.lang(), deallocate ? "vm.deallocated" : "vm.stopped", "name", h.name())
                        + "\n" + Messages.get(call.lang(), billing),
                deallocate ? commands.deallocate(VmService.ref(h)) : commands.stop(VmService.ref(h)));
    }
}
