package dev.labhand.host.account;

/** Where a member keeps their key on their own computer, as the course's steps name it. */
final class KeyFiles {
    /** The file a generated key is saved as. */
    static final String GENERATED = "~/.ssh/labhand_ed25519";

    private KeyFiles() {}

    /** {@code ed25519}, {@code ecdsa} or {@code rsa}: the suffix ssh-keygen gives {@code id_*}. */
    static String suffix(String type) {
        return type.equals("ssh-ed25519") ? "ed25519" : type.startsWith("ecdsa") ? "ecdsa" : "rsa";
    }

    /** The private key file a member's stored key is used with. */
    static String identityFile(AccountRepository.StoredKey key) {
        if (key == null) return "~/.ssh/id_ed25519";
        return key.generated() ? GENERATED : "~/.ssh/id_" + suffix(key.line().split(" ")[0]);
    }
}
