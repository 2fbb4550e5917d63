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

/** {@code vm.delete name:}: deletes the VM, its disk and network, after confirmation; refused while workspaces are on it. */
public final class DeleteVmTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("vm.delete", Risk.DESTRUCTIVE, Role.INSTRUCTOR, Param.host("name"))
            .withTimeout(Duration.ofMinutes(30));
    private final VmService service;

    public DeleteVmTool(VmService service) {
        this.service = service;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        HostRecord h = VmHostTool.vm(service, call);
        var commands = service.providers().get(h.provider(), call.lang()).commands();
        boolean located = service.located(h);
        String command = located ? commands.delete(VmService.ref(h)) : commands.findByTags(VmService.ref(h));
        call.progress().report(Messages.get(call.lang(), "vm.progress.deleting", "name", h.name()));
        service.delete(h, call.lang(), call.progress());
        return Outcome.Done.of(Messages.get(call.lang(), located ? "vm.deleted" : "vm.deleted.record", "name", h.name()),
                command);
    }
}
