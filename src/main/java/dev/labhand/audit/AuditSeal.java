package dev.labhand.audit;

import dev.labhand.store.KeyFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signed checkpoints of the audit chain, kept outside the database (compare AWS CloudTrail's signed digest
 * files): every so often the row count and the head hash are signed with an Ed25519 key and appended, one
 * line each, to a checkpoint file. Someone who can write the SQLite file can recompute the hash chain, but
 * not a signature, so a rewritten, truncated or wiped log no longer matches the checkpoints.
 *
 * <p>A line: {@code rows head time key-fingerprint signature}, space-separated, the signature (base64)
 * over {@code "labhand-audit-checkpoint\n" + rows + "\n" + head + "\n" + time}.
 */
public final class AuditSeal {
    static final String PRIVATE_KEY = "audit-ed25519.key";
    static final String PUBLIC_KEY = "audit-ed25519.pub";
    private static final String CONTEXT = "labhand-audit-checkpoint\n";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Path checkpoints;

    /** One checkpoint line as read back; {@code problem} is empty when its signature holds. */
    public record Checkpoint(int line, long rows, String head, Instant time, String problem) {
        boolean valid() {
            return problem.isEmpty();
        }
    }

    private AuditSeal(PrivateKey privateKey, PublicKey publicKey, Path checkpoints) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.checkpoints = checkpoints;
    }

    /** For a running Labhand: the key pair, generated on first run. */
    public static AuditSeal forWriting(KeyFolder keys, Path checkpoints) {
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            // the private key file holds both halves: Java 17 cannot derive an Ed25519 public key from a private one
            String[] halves = new String(keys.loadOrCreate(PRIVATE_KEY, AuditSeal::newKeyPair), StandardCharsets.US_ASCII)
                    .strip().split("\n");
            if (halves.length != 2) throw new GeneralSecurityException("expected two lines");
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(halves[0])));
            byte[] x509 = Base64.getDecoder().decode(halves[1]);
            PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(x509));
            keys.writePublic(PUBLIC_KEY, x509);
            return new AuditSeal(priv, pub, checkpoints);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit key in " + keys.dir() + " is not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** For {@code audit verify}: the public key only; empty when there is none (nothing was ever sealed here). */
    public static Optional<AuditSeal> forVerifying(KeyFolder keys, Path checkpoints) {
        Optional<byte[]> pub = keys.read(PUBLIC_KEY);
        if (pub.isEmpty()) return Optional.empty();
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pub.get()));
            return Optional.of(new AuditSeal(null, key, checkpoints));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(keys.file(PUBLIC_KEY) + " is not an Ed25519 public key", e);
        }
    }

    /** False for a seal opened only to verify ({@link #forVerifying}). */
    public boolean canSign() {
        return privateKey != null;
    }

    /** SHA-256 of the public key, shortened: printed by {@code doctor}, written on every checkpoint line. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path checkpointFile() {
        return checkpoints;
    }

    /** Appends a signed checkpoint; one short line in one write, so lines of several processes never mix. */
    public void append(long rows, String head, Instant time) {
        String t = time.toString();
        String line = rows + " " + head + " " + t + " " + fingerprint() + " " + sign(rows, head, t) + "\n";
        try {
            if (!Files.exists(checkpoints)) createPrivately();
            // no fsync per line: a checkpoint lost to a power cut is one the next seal replaces, and waiting on
            // the disk here would sit in a member's call
            Files.writeString(checkpoints, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + checkpoints + ": " + e.getMessage(), e);
        }
    }

    /** Every checkpoint line, each checked against the public key. */
    public List<Checkpoint> read() {
        List<Checkpoint> out = new ArrayList<>();
        if (!Files.isRegularFile(checkpoints)) return out;
        List<String> lines;
        try {
            lines = Files.readAllLines(checkpoints, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpoints + ": " + e.getMessage(), e);
        }
        String mine = fingerprint();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).strip().split(" ");
            if (f.length == 1 && f[0].isEmpty()) continue;
            if (f.length != 5) {
                out.add(new Checkpoint(i + 1, -1, "", Instant.EPOCH, "is not a checkpoint line"));
                continue;
            }
            long rows;
            Instant time;
            try {
                rows = Long.parseLong(f[0]);
                time = Instant.parse(f[2]);
            } catch (RuntimeException e) {
                out.add(new Checkpoint(i + 1, -1, "", Instant.EPOCH, "is not a checkpoint line"));
                continue;
            }
            String problem = !f[3].equals(mine) ? "was signed by another key (" + f[3] + ")"
                    : !verify(rows, f[1], f[2], f[4]) ? "has a signature that does not match its contents" : "";
            out.add(new Checkpoint(i + 1, rows, f[1], time, problem));
        }
        return out;
    }

    private String sign(long rows, String head, String time) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message(rows, head, time));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean verify(long rows, String head, String time, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey);
            s.update(message(rows, head, time));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] message(long rows, String head, String time) {
        return (CONTEXT + rows + "\n" + head + "\n" + time).getBytes(StandardCharsets.UTF_8);
    }

    private void createPrivately() throws IOException {
        Path parent = checkpoints.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createFile(checkpoints, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process made it first
        }
    }

    private static byte[] newKeyPair() {
        try {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Base64.Encoder b64 = Base64.getEncoder();
            return (b64.encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + b64.encodeToString(pair.getPublic().getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
