package dev.labhand.workspace.idle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.WorkspaceTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks one running workspace whether it is in use, from inside: its IDE's own word (Jupyter's
 * {@code /api/status} {@code last_activity}, fetched inside the container with the workspace's token;
 * RStudio Server's active sessions), its CPU (the engine's stats) and its GPUs ({@code nvidia-smi} inside a GPU
 * workspace; none there means no GPU signal). A signal that cannot be read says nothing, never "idle" on its own.
 */
final class ActivityProbe {
    private static final Logger log = LoggerFactory.getLogger(ActivityProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BYTES = 8192;
    static final List<String> GPU_QUERY = List.of("nvidia-smi", "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits");

    /**
     * Ways to fetch a URL inside a container, tried in order; the one that worked is remembered per container. No
     * timeout flag for wget: busybox's static wget crashes on {@code -T}; the exec's own timeout bounds it.
     */
    private static final List<List<String>> FETCHERS = List.of(
            List.of("wget", "-q", "-O", "-"),
            List.of("curl", "-fsS", "--max-time", "3"),
            List.of("python3", "-c", "import sys,urllib.request;print(urllib.request.urlopen(sys.argv[1],timeout=3).read().decode())"),
            List.of("busybox", "wget", "-q", "-O", "-"));

    /**
     * What one look found; each signal is null when it could not be read.
     *
     * @param ide        the IDE's last activity (Jupyter), or now for an RStudio session open now
     * @param cpuPercent CPU use in percent of one CPU: the larger of the engine's last second and the average
     *                   since this probe's previous sample of the container
     * @param gpuPercent the busiest GPU's utilisation
     */
    record Activity(Instant ide, Double cpuPercent, Double gpuPercent) {}

    /** The cumulative CPU time seen last, per container, to average over the time between passes. */
    private record Seen(long totalNanos, long atNanos) {}

    private final Map<String, Seen> cpuSeen = new ConcurrentHashMap<>();
    private final Map<String, Integer> fetcherOf = new ConcurrentHashMap<>();
    /** Engine requests made (a stats call is one, an exec three: create, start, inspect). */
    final AtomicLong engineCalls = new AtomicLong();

    Activity look(DockerEngine engine, WorkspaceRecord r, WorkspaceTemplate t, Instant now) throws InterruptedException {
        String id = r.containerId();
        return new Activity(ide(engine, id, r, t, now), cpu(engine, id), t.gpu() ? gpu(engine, id) : null);
    }

    private Instant ide(DockerEngine engine, String id, WorkspaceRecord r, WorkspaceTemplate t, Instant now)
            throws InterruptedException {
        for (WorkspaceTemplate.PortSpec p : t.ports()) {
            if (p.name().equals("jupyter") && t.secret() == WorkspaceTemplate.SecretKind.TOKEN && r.secret() != null) {
                return jupyter(engine, id, "http://127.0.0.1:" + p.port() + "/api/status?token=" + r.secret());
            }
            if (p.name().equals("rstudio")) return rstudio(engine, id, now);
        }
        return null;
    }

    /** Jupyter's {@code last_activity} (its kernels' and clients' latest), or null if it could not be read. */
    private Instant jupyter(DockerEngine engine, String id, String url) throws InterruptedException {
        int from = fetcherOf.getOrDefault(id, 0);
        for (int i = from; i < FETCHERS.size(); i++) {
            List<String> argv = new java.util.ArrayList<>(FETCHERS.get(i));
            argv.add(url);
            DockerEngine.ExecResult out = exec(engine, id, argv);
            if (out == null) return null;
            if (out.commandMissing()) continue;
            fetcherOf.put(id, i);
            if (out.exitCode() == null || out.exitCode() != 0) return null; // the IDE did not answer: no IDE signal
            return lastActivity(out.output());
        }
        return null;
    }

    static Instant lastActivity(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            String text = n.path("last_activity").asText("");
            if (text.isEmpty()) return null;
            return text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
        } catch (java.io.IOException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** RStudio Server: an open session counts as use now. */
    private Instant rstudio(DockerEngine engine, String id, Instant now) throws InterruptedException {
        DockerEngine.ExecResult out = exec(engine, id, List.of("rstudio-server", "active-sessions"));
        if (out == null || out.exitCode() == null || out.exitCode() != 0) return null;
        long sessions = out.output().lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !l.toUpperCase(java.util.Locale.ROOT).contains("PID")).count();
        return sessions > 0 ? now : null;
    }

    private Double cpu(DockerEngine engine, String id) throws InterruptedException {
        engineCalls.incrementAndGet();
        Optional<DockerEngine.CpuSample> s;
        try {
            s = engine.cpu(id);
        } catch (RuntimeException e) {
            log.debug("stats of {} failed: {}", id, e.toString());
            return null;
        }
        if (s.isEmpty()) return null;
        long at = System.nanoTime();
        Seen before = cpuSeen.put(id, new Seen(s.get().totalNanos(), at));
        Double window = s.get().windowPercent();
        Double average = before == null || at <= before.atNanos() ? null
                : Math.max(0, (double) (s.get().totalNanos() - before.totalNanos()) / (at - before.atNanos()) * 100);
        if (window == null) return average;
        return average == null ? window : Math.max(window, average);
    }

    private Double gpu(DockerEngine engine, String id) throws InterruptedException {
        DockerEngine.ExecResult out = exec(engine, id, GPU_QUERY);
        if (out == null || out.exitCode() == null || out.exitCode() != 0) return null; // no nvidia-smi: no GPU signal
        return out.output().lines().map(String::strip).filter(l -> l.matches("[0-9]+(\\.[0-9]+)?"))
                .map(Double::valueOf).max(Double::compare).orElse(null);
    }

    private DockerEngine.ExecResult exec(DockerEngine engine, String id, List<String> argv) throws InterruptedException {
        engineCalls.addAndGet(3);
        try {
            return engine.exec(id, argv, EXEC_TIMEOUT, MAX_BYTES);
        } catch (RuntimeException e) {
            log.debug("exec in {} failed: {}", id, e.toString());
            return null;
        }
    }

    /** The container is gone: forget what was kept for it. */
    void forget(String containerId) {
        cpuSeen.remove(containerId);
        fetcherOf.remove(containerId);
    }
}
