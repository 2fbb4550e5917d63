package dev.labhand.bench;

import dev.labhand.ssh.DockerOverSsh;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.SshdPeer;
import dev.labhand.workspace.ContainerPlan;
import dev.labhand.workspace.DockerEngine;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What reaching a Docker engine over SSH costs (a benchmark harness, not a test; run by
 * {@code scripts/bench.sh [iterations]}). The "remote" host is {@link SshdPeer}: sshd in a container on
 * the host network whose user runs {@code docker system dial-stdio} against the same engine, so the two
 * paths differ only in the transport.
 *
 * <p><b>Part 1: SSH connect.</b> {@link DockerOverSsh#open} (TCP connect, key exchange, host key check,
 * public-key authentication, loopback listener), the first one reported on its own because it loads the
 * crypto providers, then {@value #CONNECTS} more.
 *
 * <p><b>Part 2: container create+start+remove</b> of {@value DockerPeer#TEST_IMAGE} (network
 * {@code none}, 256 MB, 64 pids) through {@link DockerEngine}: <b>L</b> on the local unix socket and
 * <b>R</b> on {@code tcp://127.0.0.1:<port>} of a {@link DockerOverSsh} bridge, interleaved (L, R, L,
 * R, ...) after {@value #WARMUPS} untimed warm-ups each, so machine noise falls on both alike. The
 * whole create, start and forced remove is timed. Medians are compared: {@code R/L} is what SSH adds.
 *
 * <p>Percentiles are nearest-rank. Containers carry the tests' label and are removed by name in
 * {@code finally} blocks; the sshd container is removed at the end.
 */
public final class RemoteDockerBench {
    private static final int DEFAULT_ITERATIONS = 15;
    private static final int WARMUPS = 2;
    private static final int CONNECTS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RemoteDockerBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length == 0 || args[0].isBlank() ? DEFAULT_ITERATIONS : Integer.parseInt(args[0].strip());
        if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
        String run = Long.toString(System.currentTimeMillis() % 60_466_176L, 36);
        System.out.printf("Labhand remote Docker bench (run %s): %d iterations per path, %d cores, load average %.2f%n%n",
                run, iterations, Runtime.getRuntime().availableProcessors(), loadAverage());
        try (SshdPeer peer = SshdPeer.start()) {
            long[] connects = connectBench(peer);
            try (DockerOverSsh bridge = DockerOverSsh.open(peer.target(), peer.privateKey(), TIMEOUT);
                 DockerEngine remote = new DockerEngine(bridge.dockerHost(), TIMEOUT);
                 Lifecycle local = new Lifecycle("L local unix socket", DockerPeer.engine());
                 Lifecycle overSsh = new Lifecycle("R DockerOverSsh", remote)) {
                long[][] nanos = lifecycleBench(run, iterations, List.of(local, overSsh));
                printTable(iterations, connects, List.of(local, overSsh), nanos);
            }
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    // ---------------------------------------------------------------- part 1: connect

    /** The first connect, then {@value #CONNECTS} more; each bridge is closed right after, untimed. */
    private static long[] connectBench(SshdPeer peer) {
        System.out.println("Part 1: SSH connect + authenticate (DockerOverSsh.open)");
        long[] nanos = new long[CONNECTS + 1];
        for (int i = 0; i <= CONNECTS; i++) {
            long start = System.nanoTime();
            DockerOverSsh bridge = DockerOverSsh.open(peer.target(), peer.privateKey(), TIMEOUT);
            nanos[i] = System.nanoTime() - start;
            bridge.close();
        }
        System.out.printf("  first %.1f ms, then %s%n%n", millis(nanos[0]), Arrays.stream(nanos, 1, nanos.length)
                .mapToObj(n -> String.format("%.0f", millis(n))).toList());
        return nanos;
    }

    // ---------------------------------------------------------------- part 2: create+start+remove

    /** Create, start and remove through one {@link DockerEngine}. */
    private static final class Lifecycle implements AutoCloseable {
        private final String label;
        private final DockerEngine engine;
        private final Set<String> made = new LinkedHashSet<>();

        Lifecycle(String label, DockerEngine engine) {
            this.label = label;
            this.engine = engine;
        }

        long timed(String name) {
            made.add(name);
            long start = System.nanoTime();
            String id = engine.create(plan(name));
            engine.start(id);
            engine.remove(id);
            long took = System.nanoTime() - start;
            made.remove(name);
            return took;
        }

        private static ContainerPlan plan(String name) {
            return new ContainerPlan(name, DockerPeer.TEST_IMAGE, List.of("sleep", "300"), Map.of(),
                    Map.of("course", "labhand-tests"), Map.of(), "127.0.0.1", Map.of(), 256, 1.0, 64, false, "none", null);
        }

        /** Removes what a failed iteration left, reporting (not throwing) what it could not remove. */
        @Override
        public void close() {
            for (String name : List.copyOf(made)) {
                try {
                    engine.remove(name);
                } catch (RuntimeException e) {
                    System.err.println("bench: could not remove container " + name + ": " + e);
                }
            }
        }
    }

    private static long[][] lifecycleBench(String run, int iterations, List<Lifecycle> paths) {
        System.out.println("Part 2: container create+start+remove, interleaved (L local, R over SSH)");
        for (int w = 0; w < WARMUPS; w++) {
            for (int k = 0; k < paths.size(); k++) paths.get(k).timed(name(run, k, "w" + w));
        }
        long[][] nanos = new long[paths.size()][iterations];
        for (int i = 0; i < iterations; i++) {
            StringBuilder line = new StringBuilder(String.format("  iteration %2d/%d:", i + 1, iterations));
            for (int k = 0; k < paths.size(); k++) {
                nanos[k][i] = paths.get(k).timed(name(run, k, Integer.toString(i)));
                line.append(String.format("  %s %7.1f ms", paths.get(k).label.charAt(0), millis(nanos[k][i])));
            }
            System.out.println(line);
        }
        for (long[] series : nanos) Arrays.sort(series);
        return nanos;
    }

    private static String name(String run, int path, String tag) {
        return "lhr-" + run + "-" + path + "-" + tag;
    }

    // ---------------------------------------------------------------- report

    private static void printTable(int iterations, long[] connects, List<Lifecycle> paths, long[][] nanos) {
        String rule = "-".repeat(66);
        long[] later = Arrays.copyOfRange(connects, 1, connects.length);
        Arrays.sort(later);
        System.out.printf("%n%s%nSSH connect + authenticate (ed25519 host and client keys, loopback sshd)%n", rule);
        System.out.printf("  first %.1f ms; next %d: median %.1f ms, p90 %.1f ms, min %.1f ms%n", millis(connects[0]),
                later.length, millis(percentile(later, 50)), millis(percentile(later, 90)), millis(later[0]));
        System.out.printf("%nCreate+start+remove, %s, network none: %d iterations (+%d warm-up) per path%n",
                DockerPeer.TEST_IMAGE, iterations, WARMUPS);
        System.out.printf("  %-22s %10s %10s %10s%n", "path", "median ms", "p90 ms", "min ms");
        for (int k = 0; k < paths.size(); k++) {
            System.out.printf("  %-22s %10.1f %10.1f %10.1f%n", paths.get(k).label, millis(percentile(nanos[k], 50)),
                    millis(percentile(nanos[k], 90)), millis(nanos[k][0]));
        }
        double local = percentile(nanos[0], 50);
        double remote = percentile(nanos[1], 50);
        System.out.printf("  R/L = %.2f (medians): SSH adds %.1f ms per lifecycle%n", remote / local, millis(remote - local));
        System.out.printf("load average at the end: %.2f%n%s%n", loadAverage(), rule);
    }

    /** Nearest-rank percentile of sorted values, {@code p} in (0, 100]. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static double millis(double nanos) {
        return nanos / 1e6;
    }
}
