package dev.labhand.bench;

import dev.labhand.audit.AuditChain;
import dev.labhand.audit.AuditLog;
import dev.labhand.store.ConfirmationRepository;
import dev.labhand.store.Database;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolGateway;
import dev.labhand.tool.ToolSpec;
import dev.labhand.workspace.ContainerPlan;
import dev.labhand.workspace.DockerEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A benchmark harness (not a test; surefire skips {@code **}{@code /bench/**}). Run it with
 * {@code scripts/bench.sh [iterations]}. It prints numbers in two parts.
 *
 * <p><b>Part 1: workspace create+start.</b> Three ways of getting a started container from the same
 * image ({@value DockerPeer#TEST_IMAGE}, network {@code none}, 1 GB, 1 CPU, 64 pids), run interleaved
 * (A, B, C, A, B, C, ...) so machine noise falls on all three alike, after two untimed warm-ups each:
 * <ul>
 *   <li><b>A bot</b>: {@code workspace.create} through the real {@link ToolGateway} of a whole
 *       {@link TestApp} (validation, store rows, image check, volume directory, docker-java create and
 *       start, audit row). Only the {@code invoke} is timed.</li>
 *   <li><b>B docker CLI</b>: {@code /usr/bin/docker run -d ...}, timed from process start until it exits 0.</li>
 *   <li><b>C raw docker-java</b>: {@link DockerEngine#create} + {@link DockerEngine#start} with an
 *       equivalent {@link ContainerPlan}, i.e. the floor the bot is built on.</li>
 * </ul>
 * Each container is removed right after it is timed, untimed. Medians are compared: {@code bot/CLI}
 * below 1.00 means the bot is faster than typing the command; {@code bot/raw} minus 1 is what the
 * bot's own bookkeeping costs on top of the Docker API calls. The target is bot median &lt;= CLI median.
 *
 * <p><b>Part 2: gateway overhead.</b> A separate {@link ToolGateway} (the production catalog is not
 * touched) whose catalog holds one no-op tool, {@code bench.noop}, backed by a real {@link AuditLog} on
 * a fresh SQLite file. Each call goes through the whole gateway (validation, role check, executor hand-off
 * with timeout, one audit row in its own transaction). After 2,000 warm-up calls 20,000 calls are timed
 * one by one; the target is p99 &lt; 2 ms. The audit hash chain is verified afterwards.
 *
 * <p>Percentiles are nearest-rank. Every container made here is removed in {@code finally} blocks, by
 * name; only the unix socket of the local engine is used.
 */
public final class WorkspaceBench {
    private static final String DOCKER_CLI = "/usr/bin/docker";
    private static final String IMAGE = DockerPeer.TEST_IMAGE;
    private static final int DEFAULT_ITERATIONS = 15;
    private static final int CONTAINER_WARMUPS = 2;
    private static final int GATEWAY_WARMUPS = 2_000;
    private static final int GATEWAY_CALLS = 20_000;
    private static final long TARGET_P99_NANOS = 2_000_000;

    private WorkspaceBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = iterations(args);
        String run = Long.toString(System.currentTimeMillis() % 60_466_176L, 36); // at most 5 base-36 digits
        System.out.printf("Labhand bench (run %s): %d create+start iterations per path, %d cores, load average %.2f%n%n",
                run, iterations, Runtime.getRuntime().availableProcessors(), loadAverage());

        List<Series> containers = containerBench(run, iterations);
        GatewayResult gateway = gatewayBench();
        printTable(iterations, containers, gateway);
    }

    /** The one-minute load average: other work on the machine shows up in the tails. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int iterations(String[] args) {
        if (args.length == 0 || args[0].isBlank()) return DEFAULT_ITERATIONS;
        int n = Integer.parseInt(args[0].strip());
        if (n < 1) throw new IllegalArgumentException("iterations must be at least 1: " + n);
        return n;
    }

    // ---------------------------------------------------------------- part 1: create+start

    /** One way of getting a started container. Only {@link #createAndStart} is timed. */
    private interface Contender extends AutoCloseable {
        String key();

        String label();

        /** Creates and starts a container (or workspace) called {@code name}; returns the nanoseconds it took. */
        long createAndStart(String name) throws Exception;

        /** Removes what {@link #createAndStart} made. */
        void remove(String name) throws Exception;

        /** Removes anything still left, reporting (not throwing) what it could not remove. */
        @Override
        void close();
    }

    /** The timings of one contender. */
    private record Series(String label, long[] nanos) {
        long percentile(double p) {
            return WorkspaceBench.percentile(nanos, p);
        }
    }

    private static List<Series> containerBench(String run, int iterations) throws Exception {
        System.out.println("Part 1: workspace create+start, interleaved (A bot, B docker CLI, C raw docker-java)");
        try (Bot bot = new Bot(); Cli cli = new Cli(); Raw raw = new Raw()) {
            List<Contender> contenders = List.of(bot, cli, raw);
            for (int w = 1; w <= CONTAINER_WARMUPS; w++) {
                for (Contender c : contenders) createTimedRemove(c, name(run, c, "w" + w));
            }
            long[][] nanos = new long[contenders.size()][iterations];
            for (int i = 0; i < iterations; i++) {
                StringBuilder line = new StringBuilder(String.format("  iteration %2d/%d:", i + 1, iterations));
                for (int k = 0; k < contenders.size(); k++) {
                    Contender c = contenders.get(k);
                    nanos[k][i] = createTimedRemove(c, name(run, c, Integer.toString(i)));
                    line.append(String.format("  %s %7.1f ms", c.key(), millis(nanos[k][i])));
                }
                System.out.println(line);
            }
            List<Series> out = new ArrayList<>();
            for (int k = 0; k < contenders.size(); k++) out.add(new Series(contenders.get(k).label(), sorted(nanos[k])));
            return out;
        }
    }

    /** Times one create+start, then removes it, untimed, whatever happened. */
    private static long createTimedRemove(Contender c, String name) throws Exception {
        long took;
        try {
            took = c.createAndStart(name);
        } catch (Exception failed) {
            try {
                c.remove(name);
            } catch (Exception cleanup) {
                failed.addSuppressed(cleanup);
            }
            throw failed;
        }
        c.remove(name);
        return took;
    }

    /** Valid as a workspace name ({@link Param#NAME}) and as a container name; unique per run. */
    private static String name(String run, Contender c, String tag) {
        return "lhb-" + run + "-" + c.key() + "-" + tag;
    }

    /** A: {@code workspace.create} through the gateway of a whole Labhand on a temporary directory. */
    private static final class Bot implements Contender {
        private final Caller caller = TestApp.instructor("bench-instructor");
        private final Path dir;
        private final TestApp app;

        Bot() throws IOException {
            dir = Files.createTempDirectory("labhand-bench-app-");
            app = new TestApp(dir);
        }

        @Override
        public String key() {
            return "bot";
        }

        @Override
        public String label() {
            return "A bot (gateway)";
        }

        @Override
        public long createAndStart(String name) {
            Map<String, String> args = Map.of("template", "busybox-cpu", "name", name);
            long start = System.nanoTime();
            Outcome outcome = app.app.gateway.invoke(caller, "workspace.create", args, Origin.CONSOLE);
            long took = System.nanoTime() - start;
            if (!(outcome instanceof Outcome.Done)) {
                throw new IllegalStateException("workspace.create " + name + " did not succeed: " + outcome);
            }
            return took;
        }

        @Override
        public void remove(String name) {
            app.app.workspaces.byName(name).ifPresent(r -> app.app.workspaceService.remove(r, dev.labhand.tool.Caller.Lang.EN));
        }

        @Override
        public void close() {
            try {
                app.close(); // removes the container of every workspace still recorded
            } catch (RuntimeException e) {
                System.err.println("bench: could not close the bot's app: " + e);
            }
            deleteTree(dir);
        }
    }

    /** B: the Docker CLI, as a learner would type it. */
    private static final class Cli implements Contender {
        private final Set<String> made = new LinkedHashSet<>();

        @Override
        public String key() {
            return "cli";
        }

        @Override
        public String label() {
            return "B docker CLI";
        }

        @Override
        public long createAndStart(String name) throws IOException, InterruptedException {
            made.add(name);
            long start = System.nanoTime();
            Exec run = docker("run", "-d", "--network", "none", "--name", name, "--memory", "1g", "--cpus", "1",
                    "--pids-limit", "64", IMAGE, "httpd", "-f", "-p", "8080", "-h", "/www");
            long took = System.nanoTime() - start;
            if (run.exit() != 0) throw new IllegalStateException("docker run " + name + " failed: " + run);
            return took;
        }

        @Override
        public void remove(String name) throws IOException, InterruptedException {
            Exec rm = docker("rm", "-f", name);
            if (rm.exit() != 0 && !rm.output().contains("No such container")) {
                throw new IllegalStateException("docker rm -f " + name + " failed: " + rm);
            }
            made.remove(name);
        }

        @Override
        public void close() {
            for (String name : List.copyOf(made)) {
                try {
                    remove(name);
                } catch (Exception e) {
                    System.err.println("bench: could not remove container " + name + ": " + e);
                }
            }
        }
    }

    /** C: docker-java through {@link DockerEngine}, the same calls the bot makes, nothing around them. */
    private static final class Raw implements Contender {
        private final DockerEngine engine = DockerPeer.engine();
        private final Set<String> made = new LinkedHashSet<>();

        @Override
        public String key() {
            return "raw";
        }

        @Override
        public String label() {
            return "C raw docker-java";
        }

        @Override
        public long createAndStart(String name) {
            ContainerPlan plan = planLikeCli(name);
            made.add(name);
            long start = System.nanoTime();
            String id = engine.create(plan);
            engine.start(id);
            return System.nanoTime() - start;
        }

        /** What B asks for; the label lets {@link DockerPeer} sweep leftovers of a killed run. */
        private static ContainerPlan planLikeCli(String name) {
            return new ContainerPlan(name, IMAGE, List.of("httpd", "-f", "-p", "8080", "-h", "/www"), Map.of(),
                    Map.of("course", "labhand-tests"), Map.of(), "127.0.0.1", Map.of(), 1024, 1.0, 64, false,
                    "none", null);
        }

        @Override
        public void remove(String name) {
            engine.remove(name); // the engine accepts a name where it takes an id
            made.remove(name);
        }

        @Override
        public void close() {
            for (String name : List.copyOf(made)) {
                try {
                    remove(name);
                } catch (RuntimeException e) {
                    System.err.println("bench: could not remove container " + name + ": " + e);
                }
            }
        }
    }

    private record Exec(int exit, String output) {}

    /** Runs the Debian docker client against the local engine's unix socket. */
    private static Exec docker(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(DOCKER_CLI));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", DockerPeer.HOST);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new Exec(p.waitFor(), output);
    }

    // ---------------------------------------------------------------- part 2: gateway overhead

    /** A tool that does nothing, so a call measures the gateway and its audit write alone. */
    private static final class NoopTool implements Tool {
        private static final ToolSpec SPEC = ToolSpec.of("bench.noop", Risk.READ, Role.LEARNER,
                Param.string("note", Pattern.compile("[a-z ]{1,64}")).optional(null));

        @Override
        public ToolSpec spec() {
            return SPEC;
        }

        @Override
        public Outcome run(Invocation call) {
            return Outcome.Done.of("ok", null);
        }
    }

    private record GatewayResult(long[] nanos, long wallNanos, AuditChain.Verdict audit) {
        long percentile(double p) {
            return WorkspaceBench.percentile(nanos, p);
        }

        double callsPerSecond() {
            return nanos.length / (wallNanos / 1e9);
        }

        long callsAtLeast(long limitNanos) {
            return Arrays.stream(nanos).filter(n -> n >= limitNanos).count();
        }
    }

    private static GatewayResult gatewayBench() throws IOException {
        System.out.printf("%nPart 2: gateway overhead, bench.noop: %,d warm-up calls, then %,d timed calls%n",
                GATEWAY_WARMUPS, GATEWAY_CALLS);
        Path dir = Files.createTempDirectory("labhand-bench-gateway-");
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Database db = Database.open(dir.resolve("labhand.db"))) {
            // as the bot runs it: sealed every 100 rows or 60 s, cooldowns and confirmations in SQLite
            AuditLog audit = new AuditLog(db, dev.labhand.audit.AuditSeal.forWriting(
                    new dev.labhand.store.KeyFolder(dir.resolve("keys")), dir.resolve("labhand.db.checkpoints")),
                    100, Duration.ofSeconds(60), Clock.systemUTC());
            ToolGateway gateway = new ToolGateway(new ToolCatalog().register(new NoopTool()),
                    (kind, name) -> Optional.empty(), new ConfirmationRepository(db), audit, pool,
                    Clock.systemUTC(), Duration.ofMinutes(5), Duration.ZERO);
            Caller caller = TestApp.learner("bench-learner");
            for (int i = 0; i < GATEWAY_WARMUPS; i++) callNoop(gateway, caller);
            long[] nanos = new long[GATEWAY_CALLS];
            long wallStart = System.nanoTime();
            for (int i = 0; i < GATEWAY_CALLS; i++) {
                long start = System.nanoTime();
                callNoop(gateway, caller);
                nanos[i] = System.nanoTime() - start;
            }
            long wall = System.nanoTime() - wallStart;
            audit.close();
            long verifyStart = System.nanoTime();
            // every call that acts writes two rows: one ahead of it, one with its outcome
            AuditChain.Verdict verdict = verifiedAudit(audit, 2L * (GATEWAY_WARMUPS + GATEWAY_CALLS));
            System.out.printf("audit verify of %,d rows and %d checkpoints: %.0f ms%n", verdict.rows(),
                    verdict.checkpoints(), (System.nanoTime() - verifyStart) / 1e6);
            return new GatewayResult(sorted(nanos), wall, verdict);
        } finally {
            pool.shutdownNow();
            deleteTree(dir);
        }
    }

    private static void callNoop(ToolGateway gateway, Caller caller) {
        Outcome o = gateway.invoke(caller, "bench.noop", Map.of("note", "bench"), Origin.CONSOLE);
        if (!(o instanceof Outcome.Done)) throw new IllegalStateException("bench.noop did not succeed: " + o);
    }

    /** The chain must be intact and hold exactly one row per call. */
    private static AuditChain.Verdict verifiedAudit(AuditLog audit, long expectedRows) {
        AuditChain.Verdict v = audit.verify();
        if (!v.ok()) throw new IllegalStateException("audit chain broken at row " + v.badRow() + ": " + v.reason());
        if (v.rows() != expectedRows) {
            throw new IllegalStateException("audit chain holds " + v.rows() + " rows, expected " + expectedRows);
        }
        return v;
    }

    // ---------------------------------------------------------------- report

    private static void printTable(int iterations, List<Series> containers, GatewayResult gw) {
        String rule = "-".repeat(66);
        System.out.printf("%n%s%nCreate+start, %s, network none: %d iterations (+%d warm-up) per path%n",
                rule, IMAGE, iterations, CONTAINER_WARMUPS);
        System.out.printf("  %-20s %10s %10s %10s%n", "path", "median ms", "p90 ms", "min ms");
        for (Series s : containers) {
            System.out.printf("  %-20s %10.1f %10.1f %10.1f%n", s.label(), millis(s.percentile(50)),
                    millis(s.percentile(90)), millis(s.nanos()[0]));
        }
        double bot = containers.get(0).percentile(50);
        double cli = containers.get(1).percentile(50);
        double raw = containers.get(2).percentile(50);
        System.out.printf("  bot/CLI = %.2f   bot/raw = %.2f   (medians)%n", bot / cli, bot / raw);
        System.out.printf("  target \"create+start through the bot no slower than the CLI\": %s%n",
                bot <= cli ? "HOLDS" : "DOES NOT HOLD");

        System.out.printf("%nGateway overhead, bench.noop, two audit rows per call (ahead and outcome), sealed: %,d calls (+%,d warm-up)%n",
                GATEWAY_CALLS, GATEWAY_WARMUPS);
        System.out.printf("  %10s %10s %10s %10s %12s%n", "p50 us", "p99 us", "p99.9 us", "max us", "calls/s");
        System.out.printf("  %10.0f %10.0f %10.0f %10.0f %,12.0f%n", micros(gw.percentile(50)),
                micros(gw.percentile(99)), micros(gw.percentile(99.9)), micros(gw.nanos()[gw.nanos().length - 1]),
                gw.callsPerSecond());
        System.out.printf("  target \"p99 < 2 ms\": %s (%,d calls took 2 ms or more)%n",
                gw.percentile(99) < TARGET_P99_NANOS ? "HOLDS" : "DOES NOT HOLD", gw.callsAtLeast(TARGET_P99_NANOS));
        System.out.printf("  audit chain of %,d rows intact%n", gw.audit().rows());
        System.out.printf("load average at the end: %.2f%n%s%n", loadAverage(), rule);
    }

    // ---------------------------------------------------------------- helpers

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Nearest-rank percentile of sorted values, {@code p} in (0, 100]. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static double millis(double nanos) {
        return nanos / 1e6;
    }

    private static double micros(double nanos) {
        return nanos / 1e3;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e);
        }
    }
}
