package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.store.HostRepository;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Progress;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerHosts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud VMs as course hosts, keeping the store and the cloud in step: the host record is written
 * (provisioning) before the cloud is asked, is removed again when a failed create cleaned up after
 * itself, and stays (failed, naming what is left) when it could not. Every state the cloud reports is
 * written back, and a spot VM found stopped without Labhand asking is an eviction its owner and the
 * host's learners are told about.
 */
public final class VmService {
    private static final Logger log = LoggerFactory.getLogger(VmService.class);
    private static final Set<VmState> DOWN = Set.of(VmState.STOPPED, VmState.DEALLOCATED, VmState.DELETED);

    private final VmProviders providers;
    private final HostRepository hosts;
    private final WorkspaceRepository workspaces;
    private final Notifier notifier;
    private final DockerHosts engines;
    private final Clock clock;
    private final MemberNames names;

    /** Why a host is not answering, when it is known not to. */
    public Optional<String> trouble(String host, Lang lang) {
        return engines.trouble(host, lang);
    }

    public VmService(VmProviders providers, HostRepository hosts, WorkspaceRepository workspaces, Notifier notifier,
                     DockerHosts engines, Clock clock, MemberNames names) {
        this.names = names;
        this.engines = engines;
        this.providers = providers;
        this.hosts = hosts;
        this.workspaces = workspaces;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** The host's owner as replies name them (their display name, not their id). */
    public String ownerName(HostRecord h) {
        return names.nameOf(h.ownerId());
    }

    /** A member as replies name them (their display name, not their id). */
    public String memberName(String memberId) {
        return names.nameOf(memberId);
    }

    public VmProviders providers() {
        return providers;
    }

    public HostRepository hosts() {
        return hosts;
    }

    /** Registers an SSH host Labhand did not create; false if the name is taken. */
    public boolean addHost(Caller owner, String name, String address, int port, String user, String hostKey) {
        var now = clock.instant();
        return hosts.insert(new HostRecord(name, "ssh", owner.id(), null, null, false, Map.of(), address, port, user,
                hostKey, VmState.RUNNING.id(), null, null, null, now, now));
    }

    /** Forgets a registered SSH host (not a VM): its record, assignments and any open connection. */
    public void forgetHost(String name) {
        engines.forget(name);
        hosts.delete(name);
    }

    /** Creates the VM and records it as a host owned by {@code owner}. */
    public VmInfo create(Caller owner, VmProvider provider, VmRequest request, Progress progress)
            throws InterruptedException {
        Lang lang = owner.locale();
        var now = clock.instant();
        // recorded before the cloud is asked: whatever this create makes carries the id, so it can always be found
        String requestId = java.util.UUID.randomUUID().toString();
        request = request.withRequestId(requestId);
        HostRecord record = new HostRecord(request.name(), provider.id(), owner.id(), request.region(), request.size(),
                request.spot(), Map.of("requestId", requestId), null, 22, request.adminUser(), null, VmState.PROVISIONING.id(), null, null,
                null, now, now);
        if (!hosts.insert(record)) throw new UserError(Messages.get(lang, "host.name-taken", "name", request.name()));
        try {
            VmInfo info = provider.create(request, progress);
            hosts.update(record.withIds(info.ref().ids()).withAddress(info.publicIp()).withState(info.state().id(), null));
            return info;
        } catch (CloudFailure f) {
            String removed = removedLine(f.removed(), lang);
            if (f.leftBehind().isEmpty()) {
                hosts.delete(record.name());
                throw new UserError(Messages.get(lang, "vm.create-failed", "name", request.name(),
                        "reason", CloudErrors.describe(f, lang)) + removed, f);
            }
            hosts.setState(record.name(), VmState.UNKNOWN.id(), "create-failed");
            throw new UserError(Messages.get(lang, "vm.create-failed-left", "name", request.name(),
                    "reason", CloudErrors.describe(f, lang), "left", String.join(", ", f.leftBehind())) + removed, f);
        }
    }

    private static String removedLine(List<String> removed, Lang lang) {
        return removed.isEmpty() ? "" : "\n" + Messages.get(lang, "vm.removed", "removed", String.join(", ", removed));
    }

    /** Whether the record names a VM in the cloud; a failed or cut-short create recorded only its request id. */
    public boolean located(HostRecord h) {
        return providers.find(h.provider()).map(p -> p.located(ref(h))).orElse(false);
    }

    /** The VM's provider; a record whose create never got a cloud id is refused with what can be done about it. */
    private VmProvider located(HostRecord h, Lang lang) {
        VmProvider p = providers.get(h.provider(), lang);
        if (!p.located(ref(h))) throw new UserError(Messages.get(lang, "vm.not-created", "name", h.name()));
        return p;
    }

    /** What the cloud holds that this record's create made (by its tags), for a record that never got a cloud id. */
    public List<String> leftovers(HostRecord h, Lang lang) {
        VmProvider provider = providers.get(h.provider(), lang);
        return call(() -> provider.leftovers(ref(h)), h, lang);
    }

    /** The VM as the cloud sees it now, written back to the store; evictions are noticed here. */
    public VmInfo refresh(HostRecord h, Lang lang) {
        VmProvider provider = located(h, lang);
        VmInfo info = call(() -> provider.status(ref(h)), h, lang);
        boolean wasUp = h.state().equals(VmState.RUNNING.id());
        boolean evicted = h.spot() && wasUp && DOWN.contains(info.state())
                && (info.evicted() || h.provider().equals("azure"));
        if (DOWN.contains(info.state())) engines.forget(h.name());
        if (evicted) {
            hosts.update(h.withAddress(info.publicIp()).withState(info.state().id(), "evicted"));
            stopWorkspacesOn(h.name());
            tellEveryone(h, "vm.evicted.notice", "name", h.name(), "provider", h.provider());
        } else if (!info.state().id().equals(h.state()) || !java.util.Objects.equals(info.publicIp(), h.address())) {
            hosts.update(h.withAddress(info.publicIp()).withState(info.state().id(),
                    info.state().id().equals(h.state()) ? h.stateReason() : null));
        }
        return info;
    }

    public void start(HostRecord h, Lang lang, Progress progress) throws InterruptedException {
        VmProvider p = located(h, lang);
        interruptible(() -> p.start(ref(h), progress), h, lang);
        hosts.setState(h.name(), VmState.RUNNING.id(), null);
        hosts.setIdle(h.name(), null, null);
        refresh(hosts.byName(h.name()).orElseThrow(), lang);
    }

    /** Stops (or, with {@code deallocate}, releases) the VM; its workspaces are stopped with it. */
    public void stop(HostRecord h, boolean deallocate, String reason, Lang lang, Progress progress)
            throws InterruptedException {
        VmProvider p = located(h, lang);
        interruptible(() -> {
            if (deallocate) p.deallocate(ref(h), progress);
            else p.stop(ref(h), progress);
        }, h, lang);
        VmState now = deallocate && h.provider().equals("azure") ? VmState.DEALLOCATED : VmState.STOPPED;
        hosts.setState(h.name(), now.id(), reason);
        engines.forget(h.name());
        stopWorkspacesOn(h.name());
    }

    /** Deletes the VM and all it was made with; refused while workspaces are recorded on it. */
    public void delete(HostRecord h, Lang lang, Progress progress) throws InterruptedException {
        List<String> on = workspacesOn(h.name()).stream().map(WorkspaceRecord::name).toList();
        if (!on.isEmpty()) {
            throw new UserError(Messages.get(lang, "vm.delete.has-workspaces", "name", h.name(),
                    "workspaces", String.join(", ", on)));
        }
        VmProvider p = providers.get(h.provider(), lang);
        if (p.located(ref(h))) {
            interruptible(() -> p.delete(ref(h), progress), h, lang);
        } else {
            removeLeftovers(p, h, lang, progress);
        }
        engines.forget(h.name());
        hosts.delete(h.name());
    }

    /**
     * A record that never got a cloud id: whatever its create made is found by tags and removed; the record goes
     * only when nothing is left, else it stays naming what is.
     */
    private void removeLeftovers(VmProvider p, HostRecord h, Lang lang, Progress progress) throws InterruptedException {
        try {
            List<String> removed = p.removeLeftovers(ref(h), progress);
            if (!removed.isEmpty()) progress.report(Messages.get(lang, "vm.removed", "removed", String.join(", ", removed)));
        } catch (CloudFailure f) {
            if (f.leftBehind().isEmpty()) throw refused(f, h, lang);
            hosts.setState(h.name(), VmState.UNKNOWN.id(), "create-failed");
            throw new UserError(Messages.get(lang, "vm.delete.left", "name", h.name(),
                    "left", String.join(", ", f.leftBehind())) + removedLine(f.removed(), lang), f);
        }
    }

    public List<WorkspaceRecord> workspacesOn(String host) {
        return workspaces.all().stream().filter(w -> w.host().equals(host)).toList();
    }

    public long runningOn(String host) {
        return workspacesOn(host).stream().filter(w -> w.status() == WorkspaceRecord.Status.RUNNING).count();
    }

    /**
     * Running workspaces on {@code host} as its engine says now: a container that exited by itself is
     * recorded as stopped, so an idle VM is not kept on by a stale record. When the engine cannot be
     * reached, the store's count stands (the VM is then not stopped on a guess).
     */
    public long runningNow(String host) {
        long running = 0;
        for (WorkspaceRecord w : workspacesOn(host)) {
            if (w.status() != WorkspaceRecord.Status.RUNNING) continue;
            try {
                var state = w.containerId() == null ? Optional.<dev.labhand.workspace.DockerEngine.ContainerState>empty()
                        : engines.engine(host, Caller.Lang.EN).inspect(w.containerId());
                if (state.isPresent() && state.get().running()) {
                    running++;
                } else {
                    workspaces.setStatus(w.id(), state.isPresent() ? WorkspaceRecord.Status.STOPPED : WorkspaceRecord.Status.MISSING);
                }
            } catch (RuntimeException e) {
                log.debug("cannot ask {} about {}: {}", host, w.name(), e.toString());
                running++;
            }
        }
        return running;
    }

    public Optional<VmProvider> providerOf(HostRecord h) {
        return providers.find(h.provider());
    }

    /** Tells the host's owner and every learner assigned to it. */
    void tellEveryone(HostRecord h, String key, Object... params) {
        List<String> who = new ArrayList<>(List.of(h.ownerId()));
        hosts.members(h.name()).stream().filter(m -> !who.contains(m)).forEach(who::add);
        who.forEach(m -> notifier.notify(m, key, params));
    }

    public static VmRef ref(HostRecord h) {
        return new VmRef(h.provider(), h.name(), h.region(), h.ids());
    }

    private void stopWorkspacesOn(String host) {
        for (WorkspaceRecord w : workspacesOn(host)) {
            if (w.status() == WorkspaceRecord.Status.RUNNING) workspaces.setStatus(w.id(), WorkspaceRecord.Status.STOPPED);
        }
    }

    private interface CloudCall {
        void run() throws InterruptedException;
    }

    private static void interruptible(CloudCall call, HostRecord h, Lang lang) throws InterruptedException {
        try {
            call.run();
        } catch (CloudFailure f) {
            throw refused(f, h, lang);
        }
    }

    private static <T> T call(java.util.function.Supplier<T> call, HostRecord h, Lang lang) {
        try {
            return call.get();
        } catch (CloudFailure f) {
            throw refused(f, h, lang);
        }
    }

    private static UserError refused(CloudFailure f, HostRecord h, Lang lang) {
        log.warn("{} call for VM {} failed: {}", h.provider(), h.name(), f.getMessage(), f);
        return new UserError(Messages.get(lang, "vm.call-failed", "name", h.name(), "reason", CloudErrors.describe(f, lang)), f);
    }
}
