package dev.labhand.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code labhand} as its own process, the way a newcomer or a script would: the same class path
 * as the tests, arguments as given, stdin from a string. Logs go to {@code log} in the test's folder.
 */
public final class LabhandProcess {
    /** What a finished run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private LabhandProcess() {}

    public static ProcessBuilder builder(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), "dev.labhand.Labhand"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("LABHAND_LOG", workDir.resolve("labhand.log").toString());
        return pb;
    }

    /**
     * The class path Labhand's classes were loaded from: the JVM's own under Maven's test runner, the
     * project loader's under {@code mvn exec:java} (the harnesses), where java.class.path is Maven's.
     */
    static String classPath() {
        ClassLoader loader = LabhandProcess.class.getClassLoader();
        if (loader instanceof java.net.URLClassLoader urls && urls.getURLs().length > 0) {
            List<String> parts = new ArrayList<>();
            for (java.net.URL u : urls.getURLs()) {
                try {
                    parts.add(Path.of(u.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return String.join(java.io.File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }

    public static Result run(Path workDir, String stdin, String... args) {
        try {
            Process p = builder(workDir, args).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread t = new Thread(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete("");
                }
            });
            t.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("labhand " + String.join(" ", args) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
