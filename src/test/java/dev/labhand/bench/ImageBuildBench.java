package dev.labhand.bench;

import dev.labhand.image.ImageToolsBed;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code image.build} through the bot (gateway, audit, docker-java's build with the context tarred in process) vs
 * {@code docker build} (the classic builder, as the bot's engine API uses) on the same context and args: a cached
 * rebuild and an uncached build of a small image from the offline busybox base, interleaved so load changes hit
 * both paths alike. Prints medians and the bot/CLI ratio (target at most 1.05). Run with {@code scripts/bench.sh}.
 */
public final class ImageBuildBench {
    private static final int DEFAULT_ITERATIONS = 7;
    private static final Path CONTEXT = Path.of("src/test/resources/test-images/busybox-args").toAbsolutePath();

    public static void main(String[] args) throws Exception {
        int n = args.length == 0 || args[0].isBlank() ? DEFAULT_ITERATIONS : Integer.parseInt(args[0].strip());
        String run = "b" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String botRef = "labhand-test/course-busybox:" + run + "bot";
        String cliRef = "labhand-test/course-busybox:" + run + "cli";
        Path dir = Files.createTempDirectory("image-bench");
        System.out.printf("Labhand image build bench (run %s): %d builds per path, %d cores, load average %.2f%n%n", run, n,
                Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        try (ImageToolsBed bed = new ImageToolsBed(dir, Map.of(), "    []\n")) {
            var ines = TestApp.instructor("bench");
            Runnable bot = () -> bot(bed, ines, run + "bot", false);
            Runnable botFresh = () -> bot(bed, ines, run + "bot", true);
            Runnable cli = () -> cli(cliRef, false);
            Runnable cliFresh = () -> cli(cliRef, true);
            bot.run();   // warm: base layers and the cache exist for both paths
            cli.run();
            long[][] cached = interleaved(n, bot, cli);
            long[][] uncached = interleaved(n, botFresh, cliFresh);
            row("cached rebuild", cached);
            row("uncached build", uncached);
        } finally {
            remove(botRef);
            remove(cliRef);
            pruneOwnDangling(run);
        }
    }

    private static void bot(ImageToolsBed bed, dev.labhand.tool.Caller who, String tag, boolean fresh) {
        Outcome o = bed.wiring.gateway.invoke(who, "image.build", Map.of("name", "busybox-args",
                "args", "GREETING=bench LEVEL=3", "tag", tag, "fresh", Boolean.toString(fresh)), Origin.CONSOLE);
        if (!(o instanceof Outcome.Done)) throw new IllegalStateException("bot build: " + o);
    }

    private static void cli(String ref, boolean fresh) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/docker", "build", "-q", "--build-arg", "GREETING=bench",
                "--build-arg", "LEVEL=3", "--label", "labhand.course-image=busybox-args", "-t", ref));
        if (fresh) argv.add("--no-cache");
        argv.add(".");
        run(argv, CONTEXT);
    }

    private static long[][] interleaved(int n, Runnable a, Runnable b) {
        long[][] t = new long[2][n];
        for (int i = 0; i < n; i++) {
            t[0][i] = time(a);
            t[1][i] = time(b);
        }
        return t;
    }

    private static long time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return System.nanoTime() - start;
    }

    private static void row(String what, long[][] t) {
        double bot = median(t[0]) / 1e6;
        double cli = median(t[1]) / 1e6;
        System.out.printf("%-16s bot %8.0f ms   docker build %8.0f ms   ratio %.2f%n", what, bot, cli, bot / cli);
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static void remove(String ref) {
        run(List.of("/usr/bin/docker", "rmi", "-f", ref), null);
    }

    /** The uncached builds left their earlier images untagged: remove those of this run (by the bench's label and args). */
    private static void pruneOwnDangling(String run) {
        String ids = run(List.of("/usr/bin/docker", "images", "-q", "--filter", "dangling=true",
                "--filter", "label=course.greeting=bench"), null);
        for (String id : ids.split("\\s+")) if (!id.isBlank()) remove(id);
    }

    private static String run(List<String> argv, Path cwd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().put("DOCKER_BUILDKIT", "0");
            if (cwd != null) pb.directory(cwd.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException(argv + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
