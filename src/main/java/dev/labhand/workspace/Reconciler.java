package dev.labhand.workspace;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRecord.Status;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.Param;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the store and the engine agree, at start-up and on demand. Every labelled container ends up
 * known to the store (adopted, or reported when adoption is off or impossible); a record whose
 * container vanished is marked MISSING; a create that died before its container existed is cleared.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** A CREATING record younger than this may belong to a create still running in another process. */
    static final Duration CREATE_GRACE = Duration.ofMinutes(2);

    private final DockerEngine engine;
    private final String host;
    private final WorkspaceRepository repo;
    private final Clock clock;
    private final boolean adoptUnknown;

    /** What a pass changed or found. */
    public record Report(List<String> adopted, List<String> unknown, List<String> missing, List<String> cleared,
                         int updated) {
        public boolean quiet() {
            return adopted.isEmpty() && unknown.isEmpty() && missing.isEmpty() && cleared.isEmpty();
        }
    }

    /** The bot's own engine. */
    public Reconciler(DockerEngine engine, WorkspaceRepository repo, Clock clock, boolean adoptUnknown) {
        this(engine, DockerHosts.LOCAL, repo, clock, adoptUnknown);
    }

    /** The engine of {@code host}: only that host's records are compared with it, and adopted ones go there. */
    public Reconciler(DockerEngine engine, String host, WorkspaceRepository repo, Clock clock, boolean adoptUnknown) {
        this.engine = engine;
        this.host = host;
        this.repo = repo;
        this.clock = clock;
        this.adoptUnknown = adoptUnknown;
    }

    public Report run() {
        List<String> adopted = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        int updated = 0;
        var containers = engine.listLabelled(Labels.WORKSPACE);
        List<String> seenIds = new ArrayList<>();
        for (DockerEngine.ContainerState c : containers) {
            Map<String, String> l = c.labels();
            String wsId = l.get(Labels.WORKSPACE);
            seenIds.add(wsId);
            Status engineStatus = c.running() ? Status.RUNNING : Status.STOPPED;
            Optional<WorkspaceRecord> record = repo.byId(wsId);
            if (record.isPresent()) {
                WorkspaceRecord r = record.get();
                if (!c.id().equals(r.containerId()) || r.status() != engineStatus) {
                    repo.update(r.withContainer(c.id()).withStatus(engineStatus));
                    updated++;
                }
            } else if (adoptUnknown && adoptable(l)) {
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
            if (seenIds.contains(r.id()) || !r.host().equals(host)) continue;
            if (r.status() == Status.CREATING) {
                if (r.createdAt().plus(CREATE_GRACE).isBefore(clock.instant())) {
                    repo.delete(r.id());
                    cleared.add(r.name());
                }
            } else if (r.status() != Status.MISSING) {
                repo.setStatus(r.id(), Status.MISSING);
                missing.add(r.name());
            }
        }
        Report report = new Report(adopted, unknown, missing, cleared, updated);
        if (!report.quiet()) log.info("reconciled {}: {}", host, report);
        return report;
    }

    private static boolean adoptable(Map<String, String> l) {
        String name = l.get(Labels.NAME);
        return name != null && Param.NAME.matcher(name).matches() && l.get(Labels.OWNER) != null
                && l.get(Labels.TEMPLATE) != null;
    }
}
