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
import dev.labhand.tool.Caller.Lang;
import java.time.Duration;

/**
 * {@code vm.status name:}: asks the cloud for the VM's state now (noticing a spot eviction), and, when
 * it runs, checks its Docker engine and GPU runtime over SSH.
 */
public final class VmStatusTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("vm.status", Risk.READ, Role.INSTRUCTOR, Param.host("name"))
            .withTimeout(Duration.ofMinutes(3));
    private final VmService service;
    private final HostHealth health;

    public VmStatusTool(VmService service, HostHealth health) {
        this.service = service;
        this.health = health;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        HostRecord h = VmHostTool.vm(service, call);
        if (!service.located(h)) return neverCreated(h, lang);
        VmInfo info = service.refresh(h, lang);
        h = service.hosts().byName(h.name()).orElseThrow();
        StringBuilder sb = new StringBuilder(VmText.summary(h, service.runningOn(h.name()), service.ownerName(h), lang));
        if ("evicted".equals(h.stateReason())) sb.append('\n').append(Messages.get(lang, "vm.evicted.status"));
        sb.append('\n').append(VmText.connection(h, info.publicIp(), lang));
        if (info.state() == VmState.RUNNING) sb.append('\n').append(health.describe(h.name(), lang));
        String command = service.providers().get(h.provider(), lang).commands().status(VmService.ref(h));
        return Outcome.Done.of(sb.toString(), command);
    }

    /** A record whose create failed or was cut short: what the cloud holds under its tags, truthfully. */
    private Outcome neverCreated(HostRecord h, Lang lang) {
        var found = service.leftovers(h, lang);
        String text = VmText.summary(h, 0, service.ownerName(h), lang) + "\n" + (found.isEmpty()
                ? Messages.get(lang, "vm.status.never-created", "name", h.name())
                : Messages.get(lang, "vm.status.leftovers", "name", h.name(), "found", String.join(", ", found)));
        String command = service.providers().get(h.provider(), lang).commands().findByTags(VmService.ref(h));
        return Outcome.Done.of(text, command);
    }
}
