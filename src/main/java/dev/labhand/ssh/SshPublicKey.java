package dev.labhand.ssh;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/**
 * An OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}), checked by decoding it: the type
 * named in front must be the type inside the blob, ed25519 keys must be 32 bytes and RSA keys at least
 * 2048 bits. Used for the admin key of a new VM and for recorded host keys.
 */
public record SshPublicKey(String type, String base64) {
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    /** Parses a key line; the comment is dropped. Throws IllegalArgumentException saying what is wrong. */
    public static SshPublicKey parse(String line) {
        if (line == null) throw new IllegalArgumentException("no key");
        String[] parts = line.strip().split("\\s+");
        if (parts.length < 2) throw new IllegalArgumentException("expected '<type> <base64> [comment]'");
        String type = parts[0];
        if (!TYPES.contains(type)) throw new IllegalArgumentException("unsupported key type " + clip(type));
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not valid base64");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(blob);
            String inner = new String(field(in), StandardCharsets.US_ASCII);
            if (!inner.equals(type)) throw new IllegalArgumentException("the key says " + type + " but holds " + clip(inner));
            switch (type) {
                case "ssh-ed25519" -> {
                    if (field(in).length != 32) throw new IllegalArgumentException("an ed25519 key is 32 bytes");
                }
                case "ssh-rsa" -> {
                    field(in); // public exponent
                    int bits = new BigInteger(1, field(in)).bitLength();
                    if (bits < 2048) throw new IllegalArgumentException("RSA keys need at least 2048 bits, this has " + bits);
                }
                default -> {
                    field(in); // curve name
                    field(in); // point
                }
            }
            if (in.hasRemaining()) throw new IllegalArgumentException("the key has trailing bytes");
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("the key is truncated");
        }
        return new SshPublicKey(type, parts[1]);
    }

    /** The key as OpenSSH writes it, without a comment. */
    public String line() {
        return type + " " + base64;
    }

    /** {@code SHA256:...} as {@code ssh-keygen -l} prints it. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw key blob, for comparing with what a server presents. */
    public byte[] blob() {
        return Base64.getDecoder().decode(base64);
    }

    private static byte[] field(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new java.nio.BufferUnderflowException();
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
