package dev.labhand.vm;

import dev.labhand.config.LabhandConfig;
import dev.labhand.store.HostRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import dev.labhand.tool.ToolGateway;
import dev.labhand.tool.UserError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps running VMs honest, once per {@code vm.idle.checkSeconds}: asks each cloud for the VM's state
 * (so a spot eviction is noticed and reported even when nobody asks), and stops a VM that has had no
 * running workspace for {@code vm.idle.minutes}, after warning its owner {@code warnMinutes} before.
 * The stop goes through the gateway like any other call, so it is audited (origin "system").
 */
public final class IdleWatcher {
    private static final Logger log = LoggerFactory.getLogger(IdleWatcher.class);
    static final Caller SYSTEM = new Caller("labhand", "Labhand", Role.ADMIN, Caller.Lang.EN, "system");

    private final VmService service;
    private final ToolGateway gateway;
    private final LabhandConfig.Vm settings;
    private final Clock clock;

    public IdleWatcher(VmService service, ToolGateway gateway, LabhandConfig.Vm settings, Clock clock) {
        this.service = service;
        this.gateway = gateway;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * One pass over every VM Labhand made: each is asked for, so one started in the cloud's portal is
     * noticed (and idle-stopped) too, not only those Labhand believes are running.
     */
    public void tick() {
        for (HostRecord h : service.hosts().all()) {
            if (!h.isVm() || !service.located(h)) continue; // a failed create's record: nothing to stop
            try {
                check(h);
            } catch (UserError | CloudFailure e) {
                log.warn("checking VM {} failed: {}", h.name(), e.getMessage());
            }
        }
    }

    private void check(HostRecord h) {
        VmInfo info = service.refresh(h, Caller.Lang.EN);
        if (info.state() != VmState.RUNNING) return;
        Instant now = clock.instant();
        if (service.runningNow(h.name()) > 0) {
            if (h.idleSince() != null) service.hosts().setIdle(h.name(), null, null);
            return;
        }
        Duration limit = settings.idleAfter();
        if (limit.isZero()) return;
        Instant since = h.idleSince() == null ? now : h.idleSince();
        if (h.idleSince() == null) service.hosts().setIdle(h.name(), since, null);
        Instant stopAt = since.plus(limit);
        if (h.idleWarnedAt() == null) {
            // never stopped without a warning first, even when a check comes late: the stop then waits
            if (now.isBefore(stopAt.minus(settings.idleWarning()))) return;
            Instant due = later(stopAt, now.plus(settings.idleWarning()));
            service.tellEveryone(h, "vm.idle.warning." + settings.idleAction(), "name", h.name(),
                    "minutes", Math.max(1, Duration.between(now, due).toMinutes()));
            service.hosts().setIdle(h.name(), since, now);
            return;
        }
        if (!now.isBefore(later(stopAt, h.idleWarnedAt().plus(settings.idleWarning())))) stopNow(h);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void stopNow(HostRecord h) {
        String tool = settings.idleAction().equals("deallocate") ? "vm.deallocate" : "vm.stop";
        Outcome o = gateway.invoke(SYSTEM, tool, Map.of("name", h.name()), Origin.SYSTEM);
        if (o instanceof Outcome.Done) {
            service.hosts().setState(h.name(), service.hosts().byName(h.name()).map(HostRecord::state)
                    .orElse(VmState.STOPPED.id()), "idle");
            service.hosts().setIdle(h.name(), null, null);
            service.tellEveryone(h, "vm.idle.stopped", "name", h.name(),
                    "minutes", settings.idleAfter().toMinutes());
        } else {
            log.warn("idle stop of VM {} did not happen: {}", h.name(), o);
        }
    }
}
