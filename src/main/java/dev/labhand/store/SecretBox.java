package dev.labhand.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Workspace secrets (Jupyter tokens, RStudio passwords) at rest: AES-256-GCM with a key kept in the key
 * folder, outside the database, so a copy of the SQLite file alone gives nobody a way into a workspace.
 * Stored as {@code v1:<base64 of iv + ciphertext>}; a value without the prefix (written before secrets were
 * encrypted) is read as it is.
 */
public final class SecretBox {
    static final String KEY_FILE = "secrets-aes256.key";
    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(SecretKeySpec key) {
        this.key = key;
    }

    /** The key in {@code keys}, made on first use. */
    public static SecretBox in(KeyFolder keys) {
        byte[] k = keys.loadOrCreate(KEY_FILE, () -> {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            return b;
        });
        if (k.length != 32) throw new IllegalStateException(keys.file(KEY_FILE) + " is not a 256-bit key");
        return new SecretBox(new SecretKeySpec(k, "AES"));
    }

    /** No encryption: for tools that open the database only to read ids and states. */
    public static SecretBox none() {
        return new SecretBox(null);
    }

    public String seal(String plain) {
        if (plain == null || key == null) return plain;
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain secret; null for a sealed one when this box has no key ({@link #none}). */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) return stored;
        if (key == null) return null;
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StoreException("a workspace secret cannot be decrypted with the key in the key folder "
                    + "(was the key replaced?)", e);
        }
    }
}
