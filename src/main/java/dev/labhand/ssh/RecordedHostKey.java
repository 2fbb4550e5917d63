package dev.labhand.ssh;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Accepts exactly one host key: the recorded one, compared blob to blob in constant time. It also asks
 * the server for that key's algorithm first, so a host holding several keys shows the one on record
 * instead of failing the check with another. A key it turned down is kept for the error message.
 */
final class RecordedHostKey implements HostKeyVerifier {
    private final SshPublicKey expected;
    private volatile SshPublicKey rejected;

    RecordedHostKey(SshPublicKey expected) {
        this.expected = expected;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        byte[] presented = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        if (MessageDigest.isEqual(expected.blob(), presented)) return true;
        rejected = new SshPublicKey(KeyType.fromKey(key).toString(), Base64.getEncoder().encodeToString(presented));
        return false;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return switch (expected.type()) {
            // an RSA key signs with SHA-2 on current servers; "ssh-rsa" (SHA-1) only as a last resort
            case "ssh-rsa" -> List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
            default -> List.of(expected.type());
        };
    }

    /** The key the server showed instead of the recorded one, if it did. */
    Optional<SshPublicKey> rejected() {
        return Optional.ofNullable(rejected);
    }
}
