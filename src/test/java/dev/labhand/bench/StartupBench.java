package dev.labhand.bench;

import dev.labhand.audit.AuditLog;
import dev.labhand.audit.AuditSeal;
import dev.labhand.store.Database;
import dev.labhand.store.KeyFolder;
import dev.labhand.tool.AuditSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What starting Labhand costs (a benchmark harness, not a test; run by {@code scripts/bench.sh}), measured on the
 * shaded jar {@code target/labhand.jar} as a member starts it, each figure the median of several runs:
 * <ul>
 *   <li><b>floor</b>: {@code java -version}, the JVM alone;</li>
 *   <li><b>console</b>: {@code labhand console} with {@code /help} written to it: from the process start to the first
 *   line of the reply, and the resident memory (VmRSS) then, without and with the AppCDS archive
 *   {@code target/labhand.jsa} (made here the way scripts/start.sh makes it, when missing or older than the jar);</li>
 *   <li><b>audit verify</b> of a {@value #AUDIT_ROWS}-row log sealed every 1,000 rows (written once per run).</li>
 * </ul>
 * Targets from issue 17, on 2 idle cores: first reply 1.0 s, RSS 200 MB, audit verify 3 s. The load average is
 * printed beside the figures: on a shared machine they are only as good as it is idle.
 */
public final class StartupBench {
    private static final int RUNS = 5;
    private static final int AUDIT_ROWS = 100_000;
    private static final Path JAR = Path.of("target/labhand.jar");
    private static final Path ARCHIVE = Path.of("target/labhand.jsa");

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : RUNS;
        if (!Files.isRegularFile(JAR)) throw new IllegalStateException("no " + JAR + ": run mvn -DskipTests package first");
        Path scratch = Files.createTempDirectory("labhand-startup-bench");
        makeArchive(scratch);
        System.out.printf("startup bench: %s (%d MB), %d runs each, load average %s%n", JAR, Files.size(JAR) >> 20, runs,
                loadAverage());

        long[] floor = new long[runs];
        long[][] plain = new long[2][runs];
        long[][] shared = new long[2][runs];
        for (int i = 0; i < runs; i++) {   // interleaved, so machine noise falls on all three alike
            floor[i] = javaVersion();
            long[] p = consoleHelp(scratch, false);
            long[] s = consoleHelp(scratch, true);
            plain[0][i] = p[0];
            plain[1][i] = p[1];
            shared[0][i] = s[0];
            shared[1][i] = s[1];
        }
        long f = median(floor);
        System.out.printf("  %-42s %7d ms%n", "java -version (floor)", f);
        System.out.printf("  %-42s %7d ms  %5.1fx floor  RSS %4d MB%n", "console: start to first /help line",
                median(plain[0]), median(plain[0]) / (double) f, median(plain[1]) >> 10);
        System.out.printf("  %-42s %7d ms  %5.1fx floor  RSS %4d MB%n", "  the same with the AppCDS archive",
                median(shared[0]), median(shared[0]) / (double) f, median(shared[1]) >> 10);

        Path db = auditLog(scratch.resolve("audit"));
        long[] verify = new long[runs];
        for (int i = 0; i < runs; i++) verify[i] = auditVerify(db);
        System.out.printf("  %-42s %7d ms  %5.1fx floor%n", "audit verify, " + AUDIT_ROWS + " rows", median(verify),
                median(verify) / (double) f);
        System.out.printf("  targets: first reply <= 1000 ms, RSS <= 200 MB, audit verify <= 3000 ms (load now %s)%n",
                loadAverage());
        deleteTree(scratch);
    }

    private static void makeArchive(Path scratch) throws Exception {
        if (Files.isRegularFile(ARCHIVE) && Files.getLastModifiedTime(ARCHIVE).compareTo(Files.getLastModifiedTime(JAR)) > 0) {
            return;
        }
        Files.deleteIfExists(ARCHIVE);
        Path home = Files.createDirectories(scratch.resolve("cds"));
        Process p = new ProcessBuilder(java(), "-Duser.home=" + home, "-XX:ArchiveClassesAtExit=" + ARCHIVE, "-jar",
                JAR.toString(), "console", "--db", home.resolve("labhand.db").toString(), "--as", "cds", "--lang", "en")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write("/help\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        p.waitFor(5, TimeUnit.MINUTES);
        if (!Files.isRegularFile(ARCHIVE)) throw new IllegalStateException("the AppCDS archive was not made");
    }

    private static long javaVersion() throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(java(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Milliseconds to the first line of the reply, and VmRSS (KB) at that moment. */
    private static long[] consoleHelp(Path scratch, boolean archive) throws Exception {
        Path home = Files.createDirectories(scratch.resolve("home-" + System.nanoTime()));
        List<String> cmd = new ArrayList<>(List.of(java(), "-Duser.home=" + home));
        if (archive) cmd.addAll(List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:auto"));
        cmd.addAll(List.of("-jar", JAR.toString(), "console", "--db", home.resolve("labhand.db").toString(), "--as",
                "bench", "--lang", "en"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("LABHAND_LOG", home.resolve("labhand.log").toString());
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().write("/help\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        long ms = (System.nanoTime() - start) / 1_000_000;
        long rss = rssKb(p.pid());
        if (first == null) throw new IllegalStateException("console printed nothing");
        p.getOutputStream().close();
        while (out.readLine() != null) {
            // drain the rest of the reply
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new long[] {ms, rss};
    }

    /** A log of {@value #AUDIT_ROWS} rows, sealed every 1,000 rows, where {@code audit verify} finds its key. */
    private static Path auditLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("labhand.db");
        long start = System.nanoTime();
        Instant t = Instant.parse("2026-11-28T10:00:00Z");
        try (Database db = Database.open(file);
             AuditLog log = new AuditLog(db, AuditSeal.forWriting(new KeyFolder(dir.resolve("keys")),
                     Path.of(file + ".checkpoints")), 1_000, Duration.ofDays(1), java.time.Clock.systemUTC())) {
            for (int i = 1; i <= AUDIT_ROWS; i++) {
                log.record(new AuditSink.Entry(t.plusSeconds(i), i % 2 == 0 ? "alice" : "bob", "learner", "console",
                        "workspace.list", "{}", i % 7 == 0 ? "denied" : "done", "", null, 100 + i));
            }
        }
        System.out.printf("  (wrote the %d-row audit log in %d s)%n", AUDIT_ROWS, (System.nanoTime() - start) / 1_000_000_000);
        return file;
    }

    private static long auditVerify(Path db) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "audit", "verify", "--db", db.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (p.exitValue() != 0) throw new IllegalStateException("audit verify failed: " + out);
        return ms;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
