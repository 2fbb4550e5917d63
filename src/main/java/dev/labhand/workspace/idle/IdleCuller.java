package dev.labhand.workspace.idle;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import dev.labhand.tool.ToolGateway;
import dev.labhand.util.DaemonThreads;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.WorkspaceService;
import dev.labhand.workspace.WorkspaceTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops workspaces nobody uses, as their template's {@code idle:} says, after warning the owner. One pass
 * ({@link #tick}) reads the store, lists each host's containers once, and looks inside only the candidates:
 * running workspaces last seen in use longer ago than the warning point ({@code minutes - warnMinutes}) and not
 * kept by their owner. A candidate in use (its IDE, CPU or GPU says so) starts a new count; one still unused is
 * warned by a notice with [Keep 1 h] ({@code workspace.keep}) and [Stop now] ({@code workspace.stop}), and
 * stopped through the gateway ({@code workspace.stop}, origin system, audited; files kept) once both its idle time
 * and the warning's time have passed. A VM left with no running workspace is then the VM idle rule's business.
 */
public final class IdleCuller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdleCuller.class);
    static final Caller SYSTEM = new Caller("labhand", "Labhand", Role.ADMIN, Caller.Lang.EN, "system");
    /** How many candidates are looked at in parallel (a stats sample takes the engine about a second). */
    static final int PARALLEL = 24;
    /** How long [Keep] keeps a workspace. */
    public static final Duration KEEP = Duration.ofHours(1);

    /** What one pass did: how many running workspaces had a policy, were looked inside, warned, stopped. */
    public record Pass(int watched, int probed, int warned, int stopped, long engineCalls) {}

    private final WorkspaceService workspaces;
    private final IdleRecords records;
    private final ToolGateway gateway;
    private final Notifier notifier;
    private final ActivityProbe probe = new ActivityProbe();
    private final ExecutorService lookers = Executors.newFixedThreadPool(PARALLEL, DaemonThreads.named("idle-look-"));

    public IdleCuller(WorkspaceService workspaces, IdleRecords records, ToolGateway gateway, Notifier notifier) {
        this.workspaces = workspaces;
        this.records = records;
        this.gateway = gateway;
        this.notifier = notifier;
    }

    /** One pass; what it did. Safe to call from one thread at a time. */
    public synchronized Pass tick() throws InterruptedException {
        Instant now = workspaces.clock().instant();
        long callsBefore = probe.engineCalls.get();
        Map<String, List<Watched>> byHost = new LinkedHashMap<>();
        for (WorkspaceRecord r : workspaces.repository().all()) {
            if (r.status() != WorkspaceRecord.Status.RUNNING || r.containerId() == null) continue;
            WorkspaceTemplate t = workspaces.templates().find(r.template()).orElse(null);
            if (t == null || !t.idle().enabled()) continue;
            byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(new Watched(r, t));
        }
        if (byHost.isEmpty()) return new Pass(0, 0, 0, 0, 0);
        Map<String, IdleRecords.Idle> known = records.all();
        int watched = 0;
        List<Watched> candidates = new ArrayList<>();
        List<String> firstSeen = new ArrayList<>();
        Map<String, DockerEngine> engines = new LinkedHashMap<>();
        for (Map.Entry<String, List<Watched>> host : byHost.entrySet()) {
            DockerEngine engine;
            Set<String> running = new HashSet<>();
            try {
                engine = workspaces.engineOn(host.getKey(), Caller.Lang.EN);
                probe.engineCalls.incrementAndGet();
                engine.containersOf(workspaces.instanceId()).stream().filter(DockerEngine.ContainerState::running)
                        .forEach(c -> running.add(c.id()));
            } catch (RuntimeException e) {
                log.warn("idle check of host {} skipped: {}", host.getKey(), e.getMessage());
                continue;
            }
            engines.put(host.getKey(), engine);
            for (Watched w : host.getValue()) {
                watched++;
                IdleRecords.Idle idle = known.get(w.record.id());
                if (!running.contains(w.record.containerId())) {
                    // stopped behind the store's back: the reconciler settles the record; the count starts again
                    if (idle != null) records.forget(w.record.id());
                    probe.forget(w.record.containerId());
                    continue;
                }
                if (idle == null) {
                    firstSeen.add(w.record.id()); // first seen running: counting starts now
                    continue;
                }
                if (idle.keepUntil() != null && now.isBefore(idle.keepUntil())) continue;
                Duration unused = Duration.between(idle.activeAt(), now);
                if (idle.warnedAt() == null && unused.compareTo(warnPoint(w.template.idle())) < 0) continue;
                candidates.add(w.with(idle));
            }
        }
        records.started(firstSeen, now);
        int warned = 0;
        int stopped = 0;
        for (Looked l : look(candidates, engines, now)) {
            switch (decide(l, now)) {
                case WARNED -> warned++;
                case STOPPED -> stopped++;
                default -> { }
            }
        }
        Pass pass = new Pass(watched, candidates.size(), warned, stopped, probe.engineCalls.get() - callsBefore);
        if (pass.probed() > 0) log.info("idle pass: {}", pass);
        return pass;
    }

    private static Duration warnPoint(WorkspaceTemplate.Idle p) {
        return Duration.ofMinutes(p.minutes() - p.warnMinutes());
    }

    private List<Looked> look(List<Watched> candidates, Map<String, DockerEngine> engines, Instant now)
            throws InterruptedException {
        List<Future<Looked>> futures = new ArrayList<>();
        for (Watched w : candidates) {
            DockerEngine engine = engines.get(w.record.host());
            Callable<Looked> task = () -> new Looked(w, probe.look(engine, w.record, w.template, now));
            futures.add(lookers.submit(task));
        }
        List<Looked> out = new ArrayList<>();
        for (Future<Looked> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                log.warn("looking inside a workspace failed: {}", e.getCause().toString());
            }
        }
        return out;
    }

    private enum Decision { ACTIVE, WAITING, WARNED, STOPPED }

    private Decision decide(Looked l, Instant now) {
        WorkspaceRecord r = l.watched.record;
        WorkspaceTemplate.Idle policy = l.watched.template.idle();
        IdleRecords.Idle idle = l.watched.idle;
        ActivityProbe.Activity a = l.activity;
        Instant lastUse = idle.activeAt();
        String signal = null;
        if (a.ide() != null && a.ide().isAfter(lastUse)) {
            lastUse = a.ide().isAfter(now) ? now : a.ide();
            signal = "ide";
        }
        if (a.cpuPercent() != null && a.cpuPercent() >= policy.cpuPercent()) {
            lastUse = now;
            signal = "cpu";
        }
        if (a.gpuPercent() != null && a.gpuPercent() >= policy.gpuPercent()) {
            lastUse = now;
            signal = "gpu";
        }
        if (signal != null && Duration.between(lastUse, now).compareTo(warnPoint(policy)) < 0) {
            records.active(r.id(), lastUse, signal);
            if (idle.warnedAt() != null) notifier.notify(r.ownerId(), "workspace.idle.in-use", "name", r.name(), "signal", signal);
            return Decision.ACTIVE;
        }
        Instant stopAt = lastUse.plus(Duration.ofMinutes(policy.minutes()));
        if (idle.warnedAt() == null) {
            Instant due = later(stopAt, now.plus(Duration.ofMinutes(policy.warnMinutes())));
            notifier.notify(r.ownerId(), List.of(
                            new Notifier.Action("workspace.idle.button.keep", "workspace.keep", Map.of("name", r.name())),
                            new Notifier.Action("workspace.idle.button.stop", "workspace.stop", Map.of("name", r.name()))),
                    "workspace.idle.warning", "name", r.name(), "idle", Math.max(1, Duration.between(lastUse, now).toMinutes()),
                    "minutes", Math.max(1, Duration.between(now, due).toMinutes()), "reading", reading(a));
            records.warned(r.id(), now);
            return Decision.WARNED;
        }
        if (now.isBefore(later(stopAt, idle.warnedAt().plus(Duration.ofMinutes(policy.warnMinutes()))))) {
            return Decision.WAITING;
        }
        Outcome o = gateway.invoke(SYSTEM, "workspace.stop", Map.of("name", r.name()), Origin.SYSTEM);
        if (!(o instanceof Outcome.Done)) {
            log.warn("idle stop of workspace {} did not happen: {}", r.name(), o);
            return Decision.WAITING;
        }
        records.forget(r.id());
        probe.forget(r.containerId());
        notifier.notify(r.ownerId(), "workspace.idle.stopped", "name", r.name(), "minutes",
                Duration.between(lastUse, now).toMinutes());
        return Decision.STOPPED;
    }

    /** What was read, for the warning: "CPU 0.3%, no IDE activity". */
    private static String reading(ActivityProbe.Activity a) {
        List<String> parts = new ArrayList<>();
        if (a.cpuPercent() != null) parts.add(String.format(java.util.Locale.ROOT, "CPU %.1f%%", a.cpuPercent()));
        if (a.gpuPercent() != null) parts.add(String.format(java.util.Locale.ROOT, "GPU %.0f%%", a.gpuPercent()));
        if (a.ide() != null) parts.add("IDE " + a.ide().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private record Watched(WorkspaceRecord record, WorkspaceTemplate template, IdleRecords.Idle idle) {
        Watched(WorkspaceRecord record, WorkspaceTemplate template) {
            this(record, template, null);
        }

        Watched with(IdleRecords.Idle i) {
            return new Watched(record, template, i);
        }
    }

    private record Looked(Watched watched, ActivityProbe.Activity activity) {}

    @Override
    public void close() {
        lookers.shutdownNow();
    }
}
