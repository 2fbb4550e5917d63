package dev.labhand.bench;

import dev.labhand.agent.router.LabelledData;
import dev.labhand.agent.router.OfflineRouter;
import dev.labhand.agent.router.RouterEvaluation;
import dev.labhand.store.WorkspaceRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A benchmark harness for the offline router (not a test; surefire skips {@code **}{@code /bench/**}); run by
 * {@code scripts/bench.sh}. Two parts, side by side:
 * <ul>
 *   <li><b>Start-up</b>: loading the model the build trained and shipped ({@code /router/model.bin}, with Nori's
 *       dictionary) in a fresh JVM, against training it from the train split in-process as start-up used to.
 *       Target: loading &lt; 1 s.</li>
 *   <li><b>Latency</b>: every train and dev sentence routed as the evaluation routes it (an instructor with the data's
 *       workspaces, VMs and hosts), {@value #ROUNDS} timed rounds after {@value #WARMUPS} untimed ones, one call at a
 *       time on one thread. Wall time is what a member waits; this thread's CPU time is what the router itself costs,
 *       apart from what other processes on a busy machine take from it. Target: p99 &lt; 10 ms.</li>
 * </ul>
 */
public final class RouterBench {
    private static final int WARMUPS = 3;
    private static final int ROUNDS = 5;
    private static final long TARGET_P99_NANOS = 10_000_000;

    private RouterBench() {}

    public static void main(String[] args) {
        System.out.printf("Offline router (load %.1f on %d cores)%n", load(), Runtime.getRuntime().availableProcessors());
        RouterEvaluation.StartUp shipped = RouterEvaluation.loadShipped();
        RouterEvaluation.StartUp trained = RouterEvaluation.trainNow();
        System.out.printf("  start-up  load shipped model %6d ms wall %6d ms CPU | train at start %6d ms wall %6d ms CPU | "
                        + "shipped/trained = %.2f (CPU)%n", shipped.wallMillis(), shipped.cpuMillis(), trained.wallMillis(),
                trained.cpuMillis(), trained.cpuMillis() == 0 ? 0 : (double) shipped.cpuMillis() / trained.cpuMillis());
        System.out.printf("  target \"start-up < 1 s\" (load, CPU): %s%n", shipped.cpuMillis() < 1000 ? "HOLDS" : "DOES NOT HOLD");

        OfflineRouter router = RouterEvaluation.router(Path.of("tools"), Path.of("config/templates"));
        List<LabelledData.Example> sentences = new ArrayList<>(LabelledData.split("train"));
        sentences.addAll(LabelledData.split("dev"));
        List<WorkspaceRecord> visible = RouterEvaluation.visibleWorkspaces();
        for (int i = 0; i < WARMUPS; i++) {
            for (LabelledData.Example ex : sentences) router.route(RouterEvaluation.callerFor(ex), ex.utterance(), visible);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[sentences.size() * ROUNDS];
        long[] cpu = new long[wall.length];
        int n = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (LabelledData.Example ex : sentences) {
                long c = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                router.route(RouterEvaluation.callerFor(ex), ex.utterance(), visible);
                wall[n] = System.nanoTime() - t;
                cpu[n++] = threads.getCurrentThreadCpuTime() - c;
            }
        }
        System.out.printf("  latency   %,d calls (%d sentences x %d rounds)%n", n, sentences.size(), ROUNDS);
        System.out.println("               p50 us     p90 us     p99 us   p99.9 us     max us");
        line("wall", wall);
        line("CPU", cpu);
        Arrays.sort(wall);
        Arrays.sort(cpu);
        long wallP99 = percentile(wall, 99);
        long cpuP99 = percentile(cpu, 99);
        System.out.printf("  target \"p99 < 10 ms\": wall %s (%.2f ms), CPU %s (%.2f ms); wall p99 / CPU p99 = %.1f%n",
                wallP99 < TARGET_P99_NANOS ? "HOLDS" : "DOES NOT HOLD", wallP99 / 1e6,
                cpuP99 < TARGET_P99_NANOS ? "HOLDS" : "DOES NOT HOLD", cpuP99 / 1e6, cpuP99 == 0 ? 0 : (double) wallP99 / cpuP99);
    }

    private static void line(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("    %-5s %10d %10d %10d %10d %10d%n", what, percentile(sorted, 50) / 1000, percentile(sorted, 90) / 1000,
                percentile(sorted, 99) / 1000, percentile(sorted, 99.9) / 1000, sorted[sorted.length - 1] / 1000);
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
