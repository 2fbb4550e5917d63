package dev.labhand.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * The SSH connections to one target, shared by the commands run there. OpenSSH serves at most ten
 * sessions per connection by default ({@code MaxSessions}) and each docker-java connection through
 * {@link DockerOverSsh} holds one for as long as it lives, so the pool opens another connection when
 * the ones it has are full and closes spare ones when they empty. A connection that dropped, or that
 * fails to open a session for any reason but the server's refusal, is replaced and the command tried once
 * more on a fresh one: that is how a bridge survives a restarted sshd or a network blip.
 */
final class SessionPool implements AutoCloseable {
    static final int SESSIONS_PER_CONNECTION = 10;
    /**
     * The longest a handshake or a session open waits for the host: a healthy host answers either in well
     * under a second, so a host that takes longer (frozen, overloaded, half-gone) is named as not answering
     * long before a tool's own timeout. Commands and their output are not bounded by it.
     */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(8);

    private final SshTarget target;
    private final Path privateKey;
    private final Duration timeout;
    private final List<Link> links = new ArrayList<>();
    private boolean closed;

    private static final class Link {
        final SSHClient client;
        int sessions;

        Link(SSHClient client) {
            this.client = client;
        }
    }

    private SessionPool(SshTarget target, Path privateKey, Duration timeout) {
        this.target = target;
        this.privateKey = privateKey;
        this.timeout = timeout.compareTo(ANSWER_WITHIN) < 0 ? timeout : ANSWER_WITHIN;
    }

    /** Connects once right away, so a wrong host key or a refused key fails here, not on first use. */
    static SessionPool open(SshTarget target, Path privateKey, Duration timeout) {
        SessionPool pool = new SessionPool(target, privateKey, timeout);
        synchronized (pool) {
            pool.links.add(new Link(SshConnector.connect(target, privateKey, pool.timeout)));
        }
        return pool;
    }

    SshTarget target() {
        return target;
    }

    /** Starts {@code commandLine} (a remote shell line) in a new session. */
    RemoteCommand exec(String commandLine) {
        for (int attempt = 1; ; attempt++) {
            Link link = reserve();
            Session session = null;
            try {
                session = link.client.startSession();
                return new RemoteCommand(session, session.exec(commandLine), () -> release(link));
            } catch (IOException e) {
                closeQuietly(session);
                release(link);
                boolean refused = e instanceof OpenFailException;
                if (!refused) discard(link);
                if (SshConnector.causedBy(e, TimeoutException.class)) {
                    // the connection is up but the host does not answer: a new one would wait as long again
                    throw new SshFailure(SshFailure.Kind.TIMEOUT, target.destination() + ": no session within "
                            + timeout.toMillis() + " ms", e);
                }
                if (refused || attempt == 2) {
                    throw new SshFailure(SshFailure.Kind.REMOTE, target.destination() + ": could not start a session", e);
                }
            }
        }
    }

    private synchronized Link reserve() {
        if (closed) throw new IllegalStateException("the SSH sessions to " + target.destination() + " are closed");
        links.removeIf(l -> {
            if (l.client.isConnected() && l.client.isAuthenticated()) return false;
            SshConnector.disconnectQuietly(l.client);
            return true;
        });
        Link free = links.stream().filter(l -> l.sessions < SESSIONS_PER_CONNECTION).findFirst().orElse(null);
        if (free == null) {
            free = new Link(SshConnector.connect(target, privateKey, timeout));
            links.add(free);
        }
        free.sessions++;
        return free;
    }

    private synchronized void release(Link link) {
        link.sessions--;
        if (link.sessions == 0 && links.size() > 1 && links.remove(link)) SshConnector.disconnectQuietly(link.client);
    }

    /** Drops a broken connection; its other sessions are broken with it. */
    private synchronized void discard(Link link) {
        links.remove(link);
        SshConnector.disconnectQuietly(link.client);
    }

    private static void closeQuietly(Session session) {
        if (session == null) return;
        try {
            session.close();
        } catch (IOException ignored) {
            // the session never got going
        }
    }

    /** Disconnects every connection, which ends the sessions still running on them. */
    @Override
    public synchronized void close() {
        closed = true;
        links.forEach(l -> SshConnector.disconnectQuietly(l.client));
        links.clear();
    }
}
