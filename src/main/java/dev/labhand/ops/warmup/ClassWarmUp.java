package dev.labhand.ops.warmup;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Role;
import dev.labhand.tool.ToolGateway;
import dev.labhand.vm.VmService;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.DockerHosts;
import dev.labhand.workspace.WorkspaceService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the class warm-ups whose time has come ({@link #tick}, once a minute, and once at start so one due while
 * the bot was down runs at once): for each host, {@code vm.start} when it is a VM that is not running, then
 * {@code image.pull} of each image, all through the gateway as the system (audited, origin system). Starting a VM
 * is confirmed there by the system itself: the instructor confirmed it when scheduling ({@code class.prepare} is
 * a confirmed call). Then the instructor gets the readiness table: host, state, images present, GPU runtime,
 * free disk.
 */
public final class ClassWarmUp {
    private static final Logger log = LoggerFactory.getLogger(ClassWarmUp.class);
    static final Caller SYSTEM = new Caller("labhand", "Labhand", Role.ADMIN, Caller.Lang.EN, "system");

    private final ClassWarmups warmups;
    private final WorkspaceService workspaces;
    private final VmService vms;
    private final ToolGateway gateway;
    private final Notifier notifier;

    public ClassWarmUp(ClassWarmups warmups, WorkspaceService workspaces, VmService vms, ToolGateway gateway,
                       Notifier notifier) {
        this.warmups = warmups;
        this.workspaces = workspaces;
        this.vms = vms;
        this.gateway = gateway;
        this.notifier = notifier;
    }

    /** Runs every due warm-up this process can claim; how many it ran. */
    public synchronized int tick() {
        int ran = 0;
        for (ClassWarmups.Warmup w : warmups.due(workspaces.clock().instant())) {
            if (!warmups.claim(w.id())) continue;
            String table = run(w);
            warmups.finish(w.id(), table, workspaces.clock().instant());
            notifier.notify(w.instructorId(), "class.warmup.ready", "id", w.id(), "table", table);
            ran++;
        }
        return ran;
    }

    private String run(ClassWarmups.Warmup w) {
        List<String> rows = new ArrayList<>();
        rows.add(Messages.get(w.lang(), "class.warmup.header"));
        for (String host : w.hosts()) {
            String problem = start(host);
            for (String image : w.images()) {
                if (problem != null) break;
                Outcome o = gateway.invoke(SYSTEM, "image.pull", Map.of("image", image, "host", host), Origin.SYSTEM, Progress.NONE);
                if (!(o instanceof Outcome.Done)) log.warn("warm-up #{}: pulling {} on {}: {}", w.id(), image, host, o);
            }
            rows.add(row(w, host, problem));
        }
        return String.join("\n", rows);
    }

    /** Starts the host's VM when it is one that is not running; null when it is ready, else why not. */
    private String start(String host) {
        if (host.equals(DockerHosts.LOCAL)) return null;
        HostRecord h = vms.hosts().byName(host).orElse(null);
        if (h == null) return "unknown host";
        if (!h.isVm() || "running".equals(h.state())) return null;
        Outcome o = gateway.invoke(SYSTEM, "vm.start", Map.of("name", host), Origin.SYSTEM, Progress.NONE);
        if (o instanceof Outcome.NeedsConfirmation n) {
            o = gateway.confirm(SYSTEM, n.code(), Origin.SYSTEM, Progress.NONE);
        }
        return o instanceof Outcome.Done ? null : "vm.start: " + o.getClass().getSimpleName();
    }

    /** One line of the table: host | state | images present | GPU runtime | free disk. */
    private String row(ClassWarmups.Warmup w, String host, String problem) {
        String state = host.equals(DockerHosts.LOCAL) ? "local"
                : vms.hosts().byName(host).map(HostRecord::state).orElse("?");
        String present = "-";
        String gpu = "?";
        String disk = "?";
        if (problem == null) {
            try {
                DockerEngine engine = workspaces.engineOn(host, w.lang());
                long have = w.images().stream().filter(engine::hasImage).count();
                List<String> missing = w.images().stream().filter(i -> !engine.hasImage(i)).toList();
                present = have + "/" + w.images().size() + (missing.isEmpty() ? "" : " (" + String.join(", ", missing) + ")");
                gpu = engine.info().nvidiaRuntime() ? "nvidia" : Messages.get(w.lang(), "class.warmup.no-gpu");
                disk = freeDisk(host, w.lang());
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
        }
        String line = "`" + host + "` | " + state + " | " + present + " | " + gpu + " | " + disk;
        return problem == null ? line : line + " | " + problem;
    }

    private String freeDisk(String host, Caller.Lang lang) {
        try {
            if (host.equals(DockerHosts.LOCAL)) {
                Path root = Files.isDirectory(Path.of("/var/lib/docker")) ? Path.of("/var/lib/docker") : Path.of("/");
                return gb(Files.getFileStore(root).getUsableSpace());
            }
            var out = workspaces.hosts().commands(host, lang).run(List.of("df", "-Pk", "/var/lib/docker"),
                    Duration.ofSeconds(20), 4096);
            String[] last = out.output().strip().lines().reduce((a, b) -> b).orElse("").trim().split("\\s+");
            return last.length >= 4 && last[3].matches("[0-9]+") ? gb(Long.parseLong(last[3]) * 1024) : "?";
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static String gb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
