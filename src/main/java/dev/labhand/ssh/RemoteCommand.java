package dev.labhand.ssh;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * One command running in its own SSH session, handed out by {@link SessionPool}. Closing it closes the
 * session and gives its slot back to the pool; closing twice is harmless.
 */
final class RemoteCommand implements Closeable {
    private final Session session;
    private final Session.Command command;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    RemoteCommand(Session session, Session.Command command, Runnable release) {
        this.session = session;
        this.command = command;
        this.release = release;
    }

    InputStream stdout() {
        return command.getInputStream();
    }

    InputStream stderr() {
        return command.getErrorStream();
    }

    /** Buffered: call {@code flush()} after each write. Closing it sends EOF, the remote's end of input. */
    OutputStream stdin() {
        return command.getOutputStream();
    }

    /** Waits until the remote side closed the session; false if it is still open after {@code timeout}. */
    boolean awaitEnd(Duration timeout) {
        try {
            command.join(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ConnectionException stillOpenOrBroken) {
            // join throws both on timeout and when the connection breaks; isOpen tells the two apart
        }
        return !command.isOpen();
    }

    /** The exit status; null while running, and when the command ended by a signal. */
    Integer exitStatus() {
        return command.getExitStatus();
    }

    /** Asks sshd to kill the command (OpenSSH honours signal requests on sessions without a terminal). */
    void kill() {
        try {
            command.signal(Signal.KILL);
        } catch (IOException ignored) {
            // the session is closed next, which ends the command's input and output anyway
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            session.close();
        } catch (IOException ignored) {
            // already closed by the other side, or the connection is gone
        } finally {
            release.run();
        }
    }
}
