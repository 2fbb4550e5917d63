package dev.labhand.ssh;

import dev.labhand.util.DaemonThreads;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Opens one authenticated sshj client to a target: the whole handshake bounded by the timeout, the
 * server's key checked against the recorded one ({@link RecordedHostKey}), then public-key authentication
 * with a private key file (OpenSSH or PEM; ed25519 or RSA). Every failure comes out as an
 * {@link SshFailure} of a kind, so no sshj exception leaves this package.
 *
 * <p>sshj bounds the TCP connect and each key-exchange wait, but reads the server's identification line
 * with no timeout, so a port that accepts and stays silent would hang forever; a socket read timeout
 * would instead end idle connections later. So a timer closes the socket if the handshake is not done in
 * time.
 */
final class SshConnector {
    /** Building the algorithm lists probes the JCA providers; once is enough, clients only read it. */
    private static final DefaultConfig CONFIG = new DefaultConfig();
    private static final ScheduledThreadPoolExecutor HANDSHAKE_TIMER = handshakeTimer();

    private SshConnector() {}

    static SSHClient connect(SshTarget target, Path privateKey, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        RecordedHostKey verifier = new RecordedHostKey(target.hostKey());
        SSHClient client = new SSHClient(CONFIG);
        client.setConnectTimeout(millis);
        client.getTransport().setTimeoutMs(millis);
        client.getConnection().setTimeoutMs(millis);
        client.addHostKeyVerifier(verifier);
        KeyProvider key = loadKey(client, privateKey);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = HANDSHAKE_TIMER.schedule(() -> {
            timedOut.set(true);
            closeSocket(client);
        }, millis, TimeUnit.MILLISECONDS);
        try {
            client.connect(target.address(), target.port());
            client.authPublickey(target.user(), key);
        } catch (IOException e) {
            watchdog.cancel(false);
            disconnectQuietly(client);
            throw failure(target, millis, verifier, timedOut.get(), e);
        }
        if (!watchdog.cancel(false)) { // the timer fired just as the handshake finished, and closed the socket
            disconnectQuietly(client);
            throw failure(target, millis, verifier, true, null);
        }
        return client;
    }

    private static void closeSocket(SSHClient client) {
        Socket socket = client.getSocket();
        if (socket == null) return; // still in the TCP connect, which has its own timeout
        try {
            socket.close();
        } catch (IOException ignored) {
            // the handshake fails either way
        }
    }

    private static ScheduledThreadPoolExecutor handshakeTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("ssh-handshake-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Reads and parses the key before any network traffic, so a bad file is not reported as a refusal. */
    private static KeyProvider loadKey(SSHClient client, Path privateKey) {
        if (!Files.isReadable(privateKey)) {
            throw new SshFailure(SshFailure.Kind.AUTH, "cannot read the private key file " + privateKey, null);
        }
        try {
            KeyProvider key = client.loadKeys(privateKey.toString());
            key.getPublic();
            return key;
        } catch (IOException | RuntimeException e) {
            throw new SshFailure(SshFailure.Kind.AUTH, "the private key file " + privateKey
                    + " is not an unencrypted OpenSSH or PEM key", e);
        }
    }

    static void disconnectQuietly(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    private static SshFailure failure(SshTarget target, int millis, RecordedHostKey verifier, boolean timedOut, IOException e) {
        String where = target.destination();
        if (verifier.rejected().isPresent()) return new HostKeyMismatchException(target, verifier.rejected().get());
        if (timedOut || causedBy(e, SocketTimeoutException.class) || causedBy(e, TimeoutException.class)) {
            return new SshFailure(SshFailure.Kind.TIMEOUT, where + ": the SSH handshake took longer than " + millis + " ms", e);
        }
        if (e instanceof UserAuthException) {
            return new SshFailure(SshFailure.Kind.AUTH, where + ": the server did not accept the key", e);
        }
        if (e instanceof TransportException t && t.getDisconnectReason() == DisconnectReason.HOST_KEY_NOT_VERIFIABLE) {
            return new SshFailure(SshFailure.Kind.HOST_KEY, where + ": the host key could not be verified", e);
        }
        if (causedBy(e, UnknownHostException.class)) {
            return new SshFailure(SshFailure.Kind.UNREACHABLE, where + ": unknown host", e);
        }
        if (causedBy(e, ConnectException.class) || causedBy(e, NoRouteToHostException.class)) {
            return new SshFailure(SshFailure.Kind.UNREACHABLE, where + ": nothing accepts connections there", e);
        }
        return new SshFailure(SshFailure.Kind.UNREACHABLE, where + ": the SSH handshake broke off", e);
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }
}
