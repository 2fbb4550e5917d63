package dev.labhand.host.account;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/** Makes ed25519 key pairs in OpenSSH's formats (what {@code ssh-keygen -t ed25519 -N ''} writes). */
final class KeyPairs {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A generated pair: the private key file's text (unencrypted) and the public key line. */
    record Pair(String privateKey, String publicLine) {}

    private KeyPairs() {}

    static Pair ed25519(String comment) {
        Ed25519KeyPairGenerator gen = new Ed25519KeyPairGenerator();
        gen.init(new Ed25519KeyGenerationParameters(RANDOM));
        AsymmetricCipherKeyPair pair = gen.generateKeyPair();
        byte[] priv;
        byte[] pub;
        try {
            priv = OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate());
            pub = OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("encoding a fresh ed25519 key failed", e);
        }
        String body = Base64.getMimeEncoder(70, "\n".getBytes()).encodeToString(priv);
        String file = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
        return new Pair(file, "ssh-ed25519 " + Base64.getEncoder().encodeToString(pub) + " " + comment);
    }
}
