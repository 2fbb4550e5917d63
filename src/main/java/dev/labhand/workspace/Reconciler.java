package dev.labhand.workspace;

import dev.labhand.store.LeaseRepository;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRecord.Status;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.AuditSink;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Param;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the store and the engine agree, at start-up, on first contact with a host and now and then.
 * Several processes share one database (the bot, a console, cron), so:
 * <ul>
 *   <li>one pass per engine at a time, across processes: a pass that cannot take the lease skips;</li>
 *   <li>only this installation's containers (label {@link Labels#INSTANCE}) are adopted or compared;
 *       any other labelled container is reported as foreign and never touched;</li>
 *   <li>a record touched in the last {@link #QUIET} is left alone: it may be a create still in progress
 *       (it heartbeats while it pulls) or a start or stop another process just made.</li>
 * </ul>
 * A quiet record whose container vanished is marked MISSING; a quiet create that died or failed before
 * its container existed is cleared. A create that failed or died tells its owner how it ended once a pass
 * knows: the workspace was made after all (its container turned up), or nothing was made and the name
 * and quota are free again. The member was told "may have been made" at the time; this is the answer.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** A record touched more recently than this may belong to work still running in another process. */
    static final Duration QUIET = Duration.ofMinutes(2);
    /** How long a pass may hold the lease before another process may take it (a holder that died). */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final DockerEngine engine;
    private final String host;
    private final WorkspaceRepository repo;
    private final LeaseRepository leases;
    private final String instanceId;
    private final Clock clock;
    private final boolean adoptUnknown;
    private final AuditSink audit;
    private final Notifier notifier;
    /** This reconciler, as a lease holder. */
    private final String holder = UUID.randomUUID().toString();

    /**
     * What a pass changed or found. {@code foreign}: labelled containers of another installation (or of
     * none), left alone; {@code skipped}: another process was reconciling this engine, nothing was done.
     */
    public record Report(List<String> adopted, List<String> unknown, List<String> foreign, List<String> missing,
                         List<String> cleared, List<String> recovered, int updated, boolean skipped) {
        static Report skippedPass() {
            return new Report(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, true);
        }

        public boolean quiet() {
            return !skipped && adopted.isEmpty() && unknown.isEmpty() && foreign.isEmpty() && missing.isEmpty()
                    && cleared.isEmpty() && recovered.isEmpty();
        }
    }

    /** The bot's own engine. */
    public Reconciler(DockerEngine engine, WorkspaceRepository repo, LeaseRepository leases, String instanceId,
                      Clock clock, boolean adoptUnknown, AuditSink audit, Notifier notifier) {
        this(engine, DockerHosts.LOCAL, repo, leases, instanceId, clock, adoptUnknown, audit, notifier);
    }

    /** The engine of {@code host}: only that host's records are compared with it, and adopted ones go there. */
    public Reconciler(DockerEngine engine, String host, WorkspaceRepository repo, LeaseRepository leases,
                      String instanceId, Clock clock, boolean adoptUnknown, AuditSink audit, Notifier notifier) {
        this.audit = audit;
        this.notifier = notifier;
        this.engine = engine;
        this.host = host;
        this.repo = repo;
        this.leases = leases;
        this.instanceId = instanceId;
        this.clock = clock;
        this.adoptUnknown = adoptUnknown;
    }

    /** A pass that changed records (or found strangers) is an audited action of the system's. */
    private void record(Report r, long micros) {
        String args = "{\"host\":\"" + host + "\"}";
        String what = "adopted " + r.adopted() + ", missing " + r.missing() + ", cleared " + r.cleared()
                + ", unknown " + r.unknown() + ", foreign " + r.foreign().size() + ", updated " + r.updated();
        try {
            audit.record(new AuditSink.Entry(clock.instant(), "labhand", "system", "system", "workspace.reconcile", args,
                    "done", what.length() > 400 ? what.substring(0, 400) + "…" : what, null, micros));
        } catch (RuntimeException e) {
            log.error("could not audit the reconciler's pass over {}: {}", host, what, e);
        }
    }

    /** The name of the lease a pass over {@code host}'s engine holds. */
    public static String leaseName(String host) {
        return "reconciler:" + host;
    }

    public Report run() {
        String lease = leaseName(host);
        if (!leases.take(lease, holder, LEASE)) {
            log.info("not reconciling {}: another process is reconciling it", host);
            return Report.skippedPass();
        }
        try {
            long start = System.nanoTime();
            Report report = pass();
            if (!report.quiet()) record(report, (System.nanoTime() - start) / 1000);
            return report;
        } finally {
            leases.release(lease, holder);
        }
    }

    private Report pass() {
        List<String> adopted = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        List<String> recovered = new ArrayList<>();
        int updated = 0;
        Instant quietBefore = clock.instant().minus(QUIET);
        Set<String> seenIds = new HashSet<>();
        for (DockerEngine.ContainerState c : engine.listLabelled(Labels.WORKSPACE)) {
            Map<String, String> l = c.labels();
            String wsId = l.get(Labels.WORKSPACE);
            Optional<WorkspaceRecord> record = repo.byId(wsId);
            if (!ours(c, record)) {
                foreign.add(c.name());
                continue;
            }
            seenIds.add(wsId);
            Status engineStatus = c.running() ? Status.RUNNING : Status.STOPPED;
            if (record.isPresent()) {
                WorkspaceRecord r = record.get();
                boolean differs = !c.id().equals(r.containerId()) || r.status() != engineStatus;
                if (differs && r.host().equals(host) && r.lastActivity().isBefore(quietBefore)) {
                    repo.update(r.withContainer(c.id()).withStatus(engineStatus));
                    updated++;
                    if (unfinishedCreate(r)) {
                        recovered.add(r.name());
                        tell(r, "workspace.notice.made-after-all", "state", engineStatus.name().toLowerCase());
                    }
                }
            } else if (adoptUnknown && adoptable(l) && engine.inspect(c.id()).isPresent()) {
                // inspected again: the listing may be older than a remove another process just finished
                var now = clock.instant();
                boolean inserted = repo.insert(new WorkspaceRecord(wsId, l.get(Labels.NAME), l.get(Labels.OWNER),
                        l.get(Labels.TEMPLATE), host, c.id(), engineStatus, Map.of(), null, now, now));
                (inserted ? adopted : unknown).add(c.name());
            } else {
                unknown.add(c.name());
            }
        }
        for (WorkspaceRecord r : repo.all()) {
            // only this engine's records: a workspace on another host is not expected here
            if (seenIds.contains(r.id()) || !r.host().equals(host) || !r.lastActivity().isBefore(quietBefore)) continue;
            if (unfinishedCreate(r)) {
                // a create that died (no heartbeat) or failed, and whose container does not exist
                if (repo.deleteIfQuietSince(r.id(), quietBefore)) {
                    cleared.add(r.name());
                    tell(r, "workspace.notice.nothing-made");
                }
            } else if (r.status() != Status.MISSING) {
                if (repo.setStatusIfQuietSince(r.id(), Status.MISSING, quietBefore)) missing.add(r.name());
            }
        }
        Report report = new Report(adopted, unknown, foreign, missing, cleared, recovered, updated, false);
        if (!report.quiet()) log.info("reconciled {}: {}", host, report);
        return report;
    }

    private static boolean unfinishedCreate(WorkspaceRecord r) {
        return r.status() == Status.CREATING || r.status() == Status.FAILED;
    }

    /** Tells a workspace's owner what a pass found; a notice that cannot be sent never stops the pass. */
    private void tell(WorkspaceRecord r, String key, Object... more) {
        Object[] params = new Object[4 + more.length];
        params[0] = "name";
        params[1] = r.name();
        params[2] = "host";
        params[3] = host;
        System.arraycopy(more, 0, params, 4, more.length);
        try {
            notifier.notify(r.ownerId(), key, params);
        } catch (RuntimeException e) {
            log.warn("could not tell {} what the reconciler found about {}", r.ownerId(), r.name(), e);
        }
    }

    /**
     * This installation's container: it carries our instance id, or (made before containers carried one)
     * none, and the store already records exactly this container.
     */
    private boolean ours(DockerEngine.ContainerState c, Optional<WorkspaceRecord> record) {
        String stamp = c.labels().get(Labels.INSTANCE);
        if (stamp != null) return stamp.equals(instanceId);
        return record.map(r -> c.id().equals(r.containerId())).orElse(false);
    }

    private static boolean adoptable(Map<String, String> l) {
        String name = l.get(Labels.NAME);
        return name != null && Param.NAME.matcher(name).matches() && l.get(Labels.OWNER) != null
                && l.get(Labels.TEMPLATE) != null;
    }
}
