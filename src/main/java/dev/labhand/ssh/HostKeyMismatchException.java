package dev.labhand.ssh;

/**
 * The server showed a host key other than the recorded one, so nothing was sent to it (the check runs in
 * the key exchange, before authentication). Either the host was rebuilt and its new key must be recorded,
 * or something sits between Labhand and the host. Both fingerprints are named so an operator can tell.
 */
public final class HostKeyMismatchException extends SshFailure {
    private final String expected;
    private final String presented;

    HostKeyMismatchException(SshTarget target, SshPublicKey presentedKey) {
        this(target, target.hostKey().fingerprint(), presentedKey.fingerprint());
    }

    private HostKeyMismatchException(SshTarget target, String expected, String presented) {
        super(Kind.HOST_KEY, target.destination() + " presented host key " + presented
                + " but the recorded key is " + expected + "; not connecting", null);
        this.expected = expected;
        this.presented = presented;
    }

    /** The recorded key's {@code SHA256:} fingerprint. */
    public String expected() {
        return expected;
    }

    /** The fingerprint of the key the server showed. */
    public String presented() {
        return presented;
    }
}
