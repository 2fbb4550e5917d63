package dev.labhand.bench;

import dev.labhand.storage.LocalFolder;
import dev.labhand.storage.LocalTransfers;
import dev.labhand.storage.StorageLocation;
import dev.labhand.storage.SyncPlan;
import dev.labhand.storage.SyncRun;
import dev.labhand.storage.s3.S3Backend;
import dev.labhand.support.S3Peer;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * S3 sync speed (a benchmark harness, not a test; run by {@code scripts/bench.sh}): the bot's sync engine
 * ({@link LocalTransfers}, what storage.sync runs for a workspace on the bot's machine) vs Debian's
 * {@code aws s3 sync} and {@code rclone sync} against the same in-process S3 server (S3Mock), same data, one run.
 * Data sets: 1,000 files of 4–64 KB and 5 files of 50 MB, each up, down, then a no-change re-sync. Data lives
 * under /tmp and is removed at the end.
 *
 * <p>S3Mock 5.2 drops awscli's PutObject (Expect: 100-continue with Content-MD5), so awscli's "up" is reported
 * as failed when it fails, and awscli's down and no-change rows use the tree the bot uploaded.
 */
public final class StorageSyncBench {
    private static final Path AWS = Path.of("/usr/bin/aws");
    private static final Path RCLONE = Path.of("/usr/bin/rclone");

    public static void main(String[] args) throws Exception {
        S3Peer s3 = S3Peer.start();
        Path root = Files.createTempDirectory(Path.of("/tmp"), "labhand-s3bench-");
        try {
            s3.createBucket("bench");
            Path rcloneConf = root.resolve("rclone.conf");
            Files.writeString(rcloneConf, "[bench]\ntype = s3\nprovider = Other\nenv_auth = true\nendpoint = "
                    + s3.endpoint() + "\nforce_path_style = true\nregion = us-east-1\n");
            Map<String, Path> sets = new LinkedHashMap<>();
            sets.put("1,000 small (4-64 KB)", small(root.resolve("small")));
            sets.put("5 large (50 MB)", large(root.resolve("large")));
            List<String> rows = new ArrayList<>();
            try (S3Backend backend = new S3Backend()) {
                int n = 0;
                for (var set : sets.entrySet()) {
                    Path src = set.getValue();
                    long bytes = size(src);
                    String p = "set" + (n++) + "/";
                    StorageLocation loc = new StorageLocation("bench", StorageLocation.Kind.S3, "bench", "", "",
                            s3.endpoint(), "us-east-1", List.of(), List.of());
                    // up
                    double botUp = time(() -> bot(backend, loc, p + "bot/", src, SyncPlan.Direction.UP));
                    double awsUp = time(() -> aws(root, "s3", "sync", src.toString(), "s3://bench/" + p + "aws/"));
                    double rcUp = time(() -> rclone(rcloneConf, "sync", src.toString(), "bench:bench/" + p + "rclone/"));
                    rows.add(row(set.getKey() + " up", bytes, botUp, awsUp, rcUp));
                    // down: each from the tree it uploaded (awscli from the bot's when its own upload failed)
                    String awsFrom = Double.isNaN(awsUp) ? p + "bot/" : p + "aws/";
                    double botDown = time(() -> bot(backend, loc, p + "bot/", root.resolve(p + "down-bot"), SyncPlan.Direction.DOWN));
                    double awsDown = time(() -> aws(root, "s3", "sync", "s3://bench/" + awsFrom, root.resolve(p + "down-aws").toString()));
                    double rcDown = time(() -> rclone(rcloneConf, "sync", "bench:bench/" + p + "rclone/", root.resolve(p + "down-rclone").toString()));
                    rows.add(row(set.getKey() + " down", bytes, botDown, awsDown, rcDown));
                    // no change: up again, nothing to copy
                    double botSame = time(() -> bot(backend, loc, p + "bot/", src, SyncPlan.Direction.UP));
                    double awsSame = time(() -> aws(root, "s3", "sync", src.toString(), "s3://bench/" + awsFrom));
                    double rcSame = time(() -> rclone(rcloneConf, "sync", src.toString(), "bench:bench/" + p + "rclone/"));
                    rows.add(row(set.getKey() + " no-change", 0, botSame, awsSame, rcSame));
                }
            }
            System.out.println();
            System.out.println("S3 sync against S3Mock on 127.0.0.1 (seconds; MB/s; ratio = bot / peer, lower is better)");
            System.out.printf(Locale.ROOT, "%-32s %9s %9s %9s %9s %9s %9s %8s %8s%n", "case", "bot s", "aws s",
                    "rclone s", "bot MB/s", "aws MB/s", "rcl MB/s", "bot/aws", "bot/rcl");
            rows.forEach(System.out::println);
            System.out.println("targets: small and no-change bot/aws <= 0.5 and bot/rclone <= 1.0; large <= 1.0 against both");
        } finally {
            delete(root);
            System.exit(0); // S3Mock's threads
        }
    }

    private static void bot(S3Backend backend, StorageLocation loc, String prefix, Path folder, SyncPlan.Direction d)
            throws Exception {
        SyncPlan plan = SyncPlan.of(d, LocalFolder.list(folder), backend.listTree(loc, prefix), false, x -> false);
        new LocalTransfers(backend).run(plan, loc, prefix, folder, new SyncRun(plan, Progress.NONE, Caller.Lang.EN),
                Caller.Lang.EN);
    }

    private interface Run {
        void run() throws Exception;
    }

    /** Seconds, or NaN when the run failed (said on stderr). */
    private static double time(Run r) {
        long t0 = System.nanoTime();
        try {
            r.run();
        } catch (Exception e) {
            System.err.println("  failed: " + e.getMessage());
            return Double.NaN;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String row(String name, long bytes, double bot, double aws, double rc) {
        return String.format(Locale.ROOT, "%-32s %9.2f %9.2f %9.2f %9s %9s %9s %8.2f %8.2f", name, bot, aws, rc,
                rate(bytes, bot), rate(bytes, aws), rate(bytes, rc), bot / aws, bot / rc);
    }

    private static String rate(long bytes, double s) {
        return bytes == 0 || Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0 / s);
    }

    private static void aws(Path home, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", S3Peer.start().endpoint(), "--only-show-errors"));
        argv.addAll(List.of(args));
        exec(argv, home);
    }

    private static void rclone(Path conf, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(RCLONE.toString(), "--config", conf.toString()));
        argv.addAll(List.of(args));
        exec(argv, conf.getParent());
    }

    private static void exec(List<String> argv, Path home) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(S3Peer.env());
        pb.environment().remove("AWS_CA_BUNDLE"); // this machine's bundle path breaks rclone's plain-http client
        pb.environment().put("AWS_MAX_ATTEMPTS", "2"); // a server that drops a request fails the run soon, not after minutes
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        if (code != 0) throw new IOException(argv.get(0) + " exit " + code + ": " + out.lines().limit(3).toList());
    }

    private static Path small(Path dir) throws IOException {
        Random r = new Random(14);
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[4096 + r.nextInt(60 * 1024 + 1)];
            r.nextBytes(b);
            Path f = dir.resolve("d" + (i % 20) + "/f" + i + ".bin");
            Files.createDirectories(f.getParent());
            Files.write(f, b);
        }
        return dir;
    }

    private static Path large(Path dir) throws IOException {
        Random r = new Random(50);
        Files.createDirectories(dir);
        byte[] chunk = new byte[1024 * 1024];
        for (int i = 0; i < 5; i++) {
            try (var out = Files.newOutputStream(dir.resolve("big" + i + ".bin"))) {
                for (int m = 0; m < 50; m++) {
                    r.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        }
        return dir;
    }

    private static long size(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void delete(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
