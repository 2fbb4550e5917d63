package dev.labhand.ssh;

/**
 * An SSH connection or command that failed, with a kind a caller can act on. The message names the
 * destination and what went wrong, never key material; the sshj exception stays as the cause, for logs.
 */
public class SshFailure extends RuntimeException {
    public enum Kind {
        /** Nothing accepted the connection, or the handshake broke off. */
        UNREACHABLE,
        /** The server refused the key, or the private key file could not be used. */
        AUTH,
        /** The server's host key is not the recorded one (see {@link HostKeyMismatchException}). */
        HOST_KEY,
        /** No answer within the timeout. */
        TIMEOUT,
        /** Connected, but the server refused or broke a session or command. */
        REMOTE
    }

    private final Kind kind;

    public SshFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
