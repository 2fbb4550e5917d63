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

/** {@code vm.start name:}: starts a stopped or deallocated VM; billing starts again, so it is confirmed. */
public final class StartVmTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("vm.start", Risk.COSTLY, Role.INSTRUCTOR, Param.host("name"))
            .withTimeout(Duration.ofMinutes(15));
    private final VmService service;

    public StartVmTool(VmService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** A running VM is billed by the hour: over budget, a learner may not start one. */
    @Override
    public boolean spendsBudget(dev.labhand.tool.Args args) {
        return true;
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        HostRecord h = VmHostTool.vm(service, call);
        call.progress().report(Messages.get(call.lang(), "vm.progress.starting", "name", h.name()));
        service.start(h, call.lang(), call.progress());
        String command = service.providers().get(h.provider(), call.lang()).commands().start(VmService.ref(h));
        return Outcome.Done.of(Messages.get(call.lang(), "vm.started", "name", h.name()), command);
    }
}
