package dev.labhand.diag;

import dev.labhand.workspace.DockerEngine.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a declared host diagnostic on the machine the bot runs on (the local Docker host): argv
 * straight to the kernel, no shell, with a timeout that kills the process and an output limit.
 * Remote hosts run theirs over SSH ({@code vm.RemoteHosts#commands}).
 */
public final class HostRunner implements dev.labhand.workspace.HostCommands {

    @Override
    public ExecResult run(List<String> argv, Duration timeout, int maxBytes) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new ExecResult(127, "", false); // not installed
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out, maxBytes), "diag-host-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(1000);
            return new ExecResult(null, text(out), out.size() >= maxBytes);
        }
        reader.join(2000);
        return new ExecResult(p.exitValue(), text(out), out.size() >= maxBytes);
    }

    /** True when {@code program} is an executable on PATH (or an executable absolute path). */
    @Override
    public boolean has(String program) {
        if (program.startsWith("/")) return Files.isExecutable(Path.of(program));
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, int maxBytes) {
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                synchronized (out) {
                    int room = maxBytes - out.size();
                    if (room > 0) out.write(buf, 0, Math.min(room, n));
                }
            }
        } catch (IOException ignored) {
            // the process ended or was killed
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
