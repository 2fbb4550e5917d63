package dev.labhand.ssh;

import dev.labhand.util.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;

/**
 * Runs commands on a target, each in its own SSH session. SSH hands the remote user's shell one command
 * string, so every argument is single-quoted: whatever text an argument holds ({@code $(...)}, backticks,
 * {@code ;}) stays one inert argument. The remote shell must be a POSIX one (sh, bash, dash).
 */
public final class SshExec implements AutoCloseable {
    private static final ThreadFactory READERS = DaemonThreads.named("ssh-exec-output-");
    private static final Duration DRAIN_AFTER_CLOSE = Duration.ofSeconds(2);

    private final SessionPool sessions;

    /**
     * The outcome of one command. {@code exitCode} is null when the command timed out or was ended by a
     * signal; {@code output} is stdout and stderr together, at most the limit's worth of bytes.
     */
    public record ExecResult(Integer exitCode, String output, boolean truncated, boolean timedOut) {}

    private SshExec(SessionPool sessions) {
        this.sessions = sessions;
    }

    /** Connects now (see {@link SshFailure} and {@link HostKeyMismatchException}); {@code timeout} bounds each handshake step. */
    public static SshExec open(SshTarget target, Path privateKey, Duration timeout) {
        return new SshExec(SessionPool.open(target, privateKey, timeout));
    }

    /**
     * Runs {@code argv} and waits up to {@code timeout}. On timeout the command is killed and its session
     * closed. Output beyond {@code outputLimit} bytes is read and dropped, so the command never blocks on a
     * full channel.
     */
    public ExecResult run(List<String> argv, Duration timeout, int outputLimit) throws InterruptedException {
        if (outputLimit < 0) throw new IllegalArgumentException("negative output limit");
        String line = commandLine(argv);
        BoundedOutput out = new BoundedOutput(outputLimit);
        try (RemoteCommand command = sessions.exec(line)) {
            Thread stdout = READERS.newThread(() -> out.drain(command.stdout()));
            Thread stderr = READERS.newThread(() -> out.drain(command.stderr()));
            stdout.start();
            stderr.start();
            if (!command.awaitEnd(timeout)) {
                command.kill();
                command.close();
                stdout.join(DRAIN_AFTER_CLOSE.toMillis());
                stderr.join(DRAIN_AFTER_CLOSE.toMillis());
                return new ExecResult(null, out.text(), out.truncated(), true);
            }
            stdout.join(DRAIN_AFTER_CLOSE.toMillis());
            stderr.join(DRAIN_AFTER_CLOSE.toMillis());
            return new ExecResult(command.exitStatus(), out.text(), out.truncated(), false);
        }
    }

    /**
     * The remote shell line for {@code argv}: each element single-quoted ({@code '} written as
     * {@code '\''}), stderr sent to stdout there so the two keep their order.
     */
    static String commandLine(List<String> argv) {
        if (argv.isEmpty()) throw new IllegalArgumentException("no command");
        for (String arg : argv) {
            if (arg.indexOf('\0') >= 0) throw new IllegalArgumentException("an argument holds a NUL character");
        }
        return argv.stream().map(SshExec::quote).collect(Collectors.joining(" ")) + " 2>&1";
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        sessions.close();
    }

    /** stdout and stderr, gathered into one buffer that keeps the first {@code limit} bytes. */
    private static final class BoundedOutput {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean truncated;

        BoundedOutput(int limit) {
            this.limit = limit;
        }

        void drain(InputStream in) {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) != -1; ) keep(buf, n);
            } catch (IOException sessionClosed) {
                // the command timed out and its session was closed; what arrived so far is kept
            }
        }

        private synchronized void keep(byte[] buf, int n) {
            int room = limit - kept.size();
            kept.write(buf, 0, Math.min(room, n));
            if (n > room) truncated = true;
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
