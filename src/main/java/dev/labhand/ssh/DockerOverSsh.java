package dev.labhand.ssh;

import dev.labhand.util.DaemonThreads;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote host's Docker engine on a loopback port. docker-java has no SSH transport, so this does what
 * the docker CLI does for {@code ssh://} hosts: each local TCP connection gets its own SSH session
 * running {@code docker system dial-stdio}, which splices its stdin and stdout onto the remote engine's
 * socket, and bytes are pumped both ways. {@code new DockerEngine(bridge.dockerHost(), timeout)} then
 * drives the remote engine exactly like a local one.
 *
 * <p>End of input travels both ways as a half-close: the client shutting down its side sends EOF to the
 * remote command; the remote side finishing shuts down the socket's output after the last byte, and the
 * socket is closed once the client has closed its side too. The remote user must be allowed to use the
 * engine there (root, or the socket's group).
 */
public final class DockerOverSsh implements AutoCloseable {
    static final String DIAL_STDIO = "docker system dial-stdio";
    private static final Logger log = LoggerFactory.getLogger(DockerOverSsh.class);
    private static final ThreadFactory THREADS = DaemonThreads.named("docker-over-ssh-");

    private final SessionPool sessions;
    private final ServerSocket listener;
    /** Open local sockets and remote commands, closed by {@link #close()}. */
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    /** Why the last local connection could not reach the engine; null once one did again. */
    private final AtomicReference<SshFailure> lastFailure = new AtomicReference<>();
    /** When a host last failed to answer in time (System.nanoTime), or 0. */
    private volatile long silentSince;

    private DockerOverSsh(SessionPool sessions, ServerSocket listener) {
        this.sessions = sessions;
        this.listener = listener;
    }

    /**
     * Connects (failing here with {@link SshFailure} or {@link HostKeyMismatchException}) and starts
     * listening on 127.0.0.1 at a free port. {@code timeout} bounds each SSH handshake step.
     */
    public static DockerOverSsh open(SshTarget target, Path privateKey, Duration timeout) {
        SessionPool sessions = SessionPool.open(target, privateKey, timeout);
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        } catch (IOException e) {
            sessions.close();
            throw new UncheckedIOException("cannot listen on a loopback port", e);
        }
        DockerOverSsh bridge = new DockerOverSsh(sessions, listener);
        THREADS.newThread(bridge::accept).start();
        return bridge;
    }

    /** The {@code DOCKER_HOST} that reaches the remote engine, {@code tcp://127.0.0.1:<port>}. */
    public String dockerHost() {
        return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    /**
     * Why the engine could not be reached through this bridge, when the reason is SSH's: asked after a
     * Docker request broke off. The failure of the last local connection if it could not get a session;
     * otherwise the host is asked once more (a pooled connection may have died since), so a host that
     * went down, or came back with another host key, is named as such and not as Docker's trouble.
     * Empty when SSH is fine and the trouble is elsewhere.
     */
    public Optional<SshFailure> problem() {
        SshFailure last = lastFailure.get();
        return last != null ? Optional.of(last) : check();
    }

    /**
     * Asks the host for a session now, within {@link SessionPool#ANSWER_WITHIN}: for a Docker request that
     * waits long for its answer. If the host does not answer, every bridged connection is dropped (they
     * ride the same dead SSH connection), so requests waiting on them end now and {@link #problem} names why.
     */
    public Optional<SshFailure> check() {
        try {
            sessions.exec("true").close();
            return Optional.empty();
        } catch (SshFailure e) {
            record(e);
            log.warn("docker over ssh to {}: {}; dropping its connections", sessions.target().destination(), e.getMessage());
            dropConnections();
            return Optional.of(e);
        } catch (IllegalStateException closed) {
            return Optional.empty();
        }
    }

    private void record(SshFailure e) {
        if (e.kind() == SshFailure.Kind.TIMEOUT && lastFailure.get() != e) silentSince = System.nanoTime();
        lastFailure.set(e);
    }

    private void dropConnections() {
        // local sockets first: that ends the waiting requests at once; closing a session may wait for the host
        List<Closeable> all = new ArrayList<>(open);
        all.sort(Comparator.comparing(c -> c instanceof Socket ? 0 : 1));
        for (Closeable c : all) {
            open.remove(c);
            try {
                c.close();
            } catch (IOException ignored) {
                // dropping anyway
            }
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                THREADS.newThread(() -> serve(socket)).start();
            } catch (IOException e) {
                if (!listener.isClosed()) log.warn("docker over ssh: accepting on {} failed: {}", dockerHost(), e.toString());
            }
        }
    }

    /** One local connection: remote output is pumped here, client input on a second thread. */
    private void serve(Socket socket) {
        RemoteCommand dial;
        try {
            socket.setTcpNoDelay(true);
            SshFailure silent = lastFailure.get();
            if (silent != null && silent.kind() == SshFailure.Kind.TIMEOUT
                    && System.nanoTime() - silentSince < SessionPool.ANSWER_WITHIN.toNanos()) {
                // it just did not answer: asking again at once would make each request (and its retry) wait as long
                throw silent;
            }
            dial = sessions.exec(DIAL_STDIO);
        } catch (SshFailure e) {
            record(e); // before the client sees its connection close, so it can ask why
            log.warn("docker over ssh to {}: {}", sessions.target().destination(), e.getMessage());
            closeSocket(socket);
            return;
        } catch (IllegalStateException | IOException e) {
            log.warn("docker over ssh to {}: {}", sessions.target().destination(), e.getMessage());
            closeSocket(socket);
            return;
        }
        lastFailure.set(null);
        open.add(dial);
        AtomicInteger pumps = new AtomicInteger(2); // the socket is closed when both directions are done
        THREADS.newThread(() -> {
            pumpToRemote(socket, dial);
            if (pumps.decrementAndGet() == 0) closeSocket(socket);
        }).start();
        pumpToClient(dial, socket);
        if (pumps.decrementAndGet() == 0) closeSocket(socket);
    }

    /**
     * Client to remote; the client's end of input becomes EOF on the remote command's stdin. Once the
     * remote side has ended, client bytes are read and dropped until the client closes, so the socket is
     * never reset while the client may still be reading the last of the answer.
     */
    private void pumpToRemote(Socket socket, RemoteCommand dial) {
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = dial.stdin();
            boolean remoteOpen = true;
            byte[] buf = new byte[32 * 1024];
            for (int n; (n = in.read(buf)) != -1; ) {
                if (!remoteOpen) continue;
                try {
                    out.write(buf, 0, n);
                    out.flush();
                } catch (IOException remoteEnded) {
                    remoteOpen = false;
                }
            }
            if (remoteOpen) out.close();
        } catch (IOException clientGone) {
            closeCommand(dial);
            closeSocket(socket);
        }
    }

    /** Remote to client; the remote's end of output shuts down the socket's output after the last byte. */
    private void pumpToClient(RemoteCommand dial, Socket socket) {
        try {
            InputStream in = dial.stdout();
            OutputStream out = socket.getOutputStream();
            in.transferTo(out);
            socket.shutdownOutput();
        } catch (IOException e) {
            closeSocket(socket);
        } finally {
            closeCommand(dial); // dial-stdio exits when the engine's side ends, so the session is done
        }
    }

    private void closeCommand(RemoteCommand dial) {
        open.remove(dial);
        dial.close();
    }

    private void closeSocket(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Stops listening, ends every connection and disconnects from the host. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        dropConnections();
        sessions.close();
    }
}
