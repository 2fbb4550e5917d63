package dev.labhand.bench;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Role;
import dev.labhand.workspace.idle.IdleCuller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The idle culler's pass over {@value #WORKSPACES} running workspaces on one engine (a benchmark harness, not a
 * test; run by {@code scripts/bench.sh}). The workspaces are busybox {@code sleep} containers on network none,
 * made through the gateway at most {@value #BATCH} at a time (Docker 20.10 deadlocks under create storms), with an
 * {@code idle:} policy of 30 min, warned 10 min before. Then, with a clock moved by hand:
 * <ul>
 *   <li><b>first sight</b>: every workspace is recorded, none looked inside;</li>
 *   <li><b>steady</b>: before the warning point: one container list, nothing looked inside;</li>
 *   <li><b>all candidates</b>: past the warning point, every workspace is looked inside (a stats sample each,
 *       {@code IdleCuller.PARALLEL} at a time) and its owner warned;</li>
 * </ul>
 * side by side with what a shell culler would run every pass: {@code docker stats --no-stream} over the same
 * containers. Afterwards exactly this run's containers (its instance label) are removed, {@value #BATCH} at a time.
 */
public final class CullerBench {
    static final int WORKSPACES = 200;
    static final int BATCH = 10;

    public static void main(String[] args) throws Exception {
        int workspaces = args.length > 0 ? Integer.parseInt(args[0]) : WORKSPACES;
        DockerPeer.engine();
        Path dir = Files.createTempDirectory("culler-bench");
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("bench-idle.yaml"), """
                name: bench-idle
                description:
                  ko: 유휴 벤치
                  en: idle bench
                image: %s
                command: ["sleep", "86400"]
                limits:
                  memory: 64m
                  cpus: 1
                  pids: 16
                labels:
                  course: labhand-tests
                init: true
                idle:
                  minutes: 30
                  warnMinutes: 10
                """.formatted(DockerPeer.TEST_IMAGE));
        Path config = dir.resolve("labhand.yaml");
        Files.writeString(config, """
                database: %s
                locale: en
                policy:
                  cooldownSeconds: 0
                docker:
                  host: %s
                workspaces:
                  templates: %s
                  root: %s
                  network: none
                  maxPerLearner: 10
                """.formatted(dir.resolve("labhand.db"), DockerPeer.HOST, templates, dir.resolve("members")));
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (Wiring app = new Wiring(LabhandConfig.load(config, System::getenv), System::getenv, clock)) {
            try {
                run(app, clock, workspaces);
            } finally {
                removeOwn(app);
            }
        }
    }

    private static void run(Wiring app, MutableClock clock, int workspaces) throws Exception {
        long began = System.nanoTime();
        ExecutorService creators = Executors.newFixedThreadPool(BATCH);
        try {
            for (int from = 0; from < workspaces; from += BATCH) {
                List<Future<Outcome>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(workspaces, from + BATCH); i++) {
                    int n = i;
                    Caller owner = new Caller("bench-" + (n / 10), "bench-" + (n / 10), Role.LEARNER, Caller.Lang.EN, "bench");
                    batch.add(creators.submit(() -> app.gateway.invoke(owner, "workspace.create",
                            Map.of("template", "bench-idle", "name", "cb-" + n), Origin.CONSOLE, Progress.NONE)));
                }
                for (Future<Outcome> f : batch) {
                    Outcome o = f.get();
                    if (!(o instanceof Outcome.Done)) throw new IllegalStateException("create failed: " + o);
                }
            }
        } finally {
            creators.shutdown();
        }
        System.out.printf("made %d running workspaces in batches of %d: %.1f s%n", workspaces, BATCH,
                (System.nanoTime() - began) / 1e9);

        IdleCuller culler = app.idleCuller;
        Timed first = timed(culler);
        clock.advance(Duration.ofMinutes(5));
        Timed steady = timed(culler);
        clock.advance(Duration.ofMinutes(16));
        Timed all = timed(culler);
        clock.advance(Duration.ofMinutes(1));
        Timed warnedAgain = timed(culler);
        List<String> ids = app.workspaces.all().stream().map(r -> r.containerId()).toList();
        double cli = dockerStatsCli(ids);

        System.out.println();
        System.out.println("Idle culler, one pass over " + workspaces + " running workspaces on one engine");
        System.out.printf("  %-34s %10s %12s %8s %8s%n", "pass", "time", "engine calls", "probed", "warned");
        row("first sight (recorded, none probed)", first);
        row("steady (before the warning point)", steady);
        row("all candidates (probe + warn)", all);
        row("all warned, waiting (probe only)", warnedAgain);
        System.out.printf("  %-34s %9.0f ms %12d%n", "docker stats --no-stream (CLI, all)", cli, 1 + workspaces);
        System.out.printf("  ratios: steady / CLI = %.3f   all candidates / CLI = %.2f   calls all / steady = %d%n",
                steady.millis / cli, all.millis / cli, all.pass.engineCalls() / Math.max(1, steady.pass.engineCalls()));
    }

    private record Timed(IdleCuller.Pass pass, double millis) {}

    private static Timed timed(IdleCuller culler) throws InterruptedException {
        long t = System.nanoTime();
        IdleCuller.Pass p = culler.tick();
        return new Timed(p, (System.nanoTime() - t) / 1e6);
    }

    private static void row(String what, Timed t) {
        System.out.printf("  %-34s %7.0f ms %12d %8d %8d%n", what, t.millis, t.pass.engineCalls(), t.pass.probed(),
                t.pass.warned());
    }

    /** {@code docker stats --no-stream} over the given containers, as a shell culler would, in ms. */
    private static double dockerStatsCli(List<String> ids) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/docker", "stats", "--no-stream", "--format", "{{.ID}} {{.CPUPerc}}"));
        argv.addAll(ids);
        long t = System.nanoTime();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("docker stats failed: " + out);
        return (System.nanoTime() - t) / 1e6;
    }

    /** Removes exactly this run's containers (its instance label), {@value #BATCH} at a time. */
    private static void removeOwn(Wiring app) {
        var own = app.docker.containersOf(app.instanceId);
        for (var c : own) app.docker.remove(c.id());
        System.out.println("removed this run's " + own.size() + " containers");
    }
}
