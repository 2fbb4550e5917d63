package dev.labhand.host.account;

import dev.labhand.ssh.SshPublicKey;
import dev.labhand.tool.Redactor;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A member's own SSH public key, as it may go into {@code authorized_keys}: one line, ssh-ed25519, ecdsa or
 * RSA of at least {@value #MIN_RSA_BITS} bits, no options in front ({@code command=}, {@code from=}: those are
 * the instructor's to set, not the member's), decoded and checked by {@link SshPublicKey}. The comment is kept
 * (members name their keys) but stripped to printable ASCII.
 */
public record MemberKey(SshPublicKey key, String comment) {
    public static final int MIN_RSA_BITS = 3072;
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-rsa");

    /** Why a key line was refused; each has a message {@code account.key.refused.<id>}. */
    public enum Problem {
        PRIVATE, MULTILINE, OPTIONS, TYPE, RSA_SHORT, MALFORMED;

        public String id() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** Thrown by {@link #parse} with the problem found. */
    public static final class Refused extends IllegalArgumentException {
        private final Problem problem;

        Refused(Problem problem) {
            super("public key refused: " + problem.id());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public static MemberKey parse(String text) {
        if (text == null || text.isBlank()) throw new Refused(Problem.MALFORMED);
        if (Redactor.holdsPrivateKey(text)) throw new Refused(Problem.PRIVATE);
        String line = text.strip();
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) throw new Refused(Problem.MULTILINE);
        String[] parts = line.split("\\s+", 3);
        if (!TYPES.contains(parts[0])) {
            for (String type : TYPES) {
                if (line.contains(type + " ")) throw new Refused(Problem.OPTIONS);
            }
            throw new Refused(Problem.TYPE);
        }
        if (parts.length < 2) throw new Refused(Problem.MALFORMED);
        SshPublicKey key;
        try {
            key = SshPublicKey.parse(parts[0] + " " + parts[1]);
        } catch (IllegalArgumentException e) {
            if (parts[0].equals("ssh-rsa") && String.valueOf(e.getMessage()).contains("bits")) {
                throw new Refused(Problem.RSA_SHORT);
            }
            throw new Refused(Problem.MALFORMED);
        }
        if (key.type().equals("ssh-rsa") && rsaBits(key.blob()) < MIN_RSA_BITS) throw new Refused(Problem.RSA_SHORT);
        String comment = parts.length > 2 ? parts[2].replaceAll("[^\\x21-\\x7e ]", "").strip() : "";
        if (comment.length() > 64) comment = comment.substring(0, 64);
        return new MemberKey(key, comment);
    }

    /** The line for {@code authorized_keys}: type, key, comment. */
    public String line() {
        return comment.isEmpty() ? key.line() : key.line() + " " + comment;
    }

    public String fingerprint() {
        return key.fingerprint();
    }

    public String type() {
        return key.type();
    }

    private static int rsaBits(byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        skip(in); // type
        skip(in); // public exponent
        int n = in.getInt();
        byte[] modulus = new byte[n];
        in.get(modulus);
        return new BigInteger(1, modulus).bitLength();
    }

    private static void skip(ByteBuffer in) {
        int n = in.getInt();
        in.position(in.position() + n);
    }
}
