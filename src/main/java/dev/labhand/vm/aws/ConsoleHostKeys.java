package dev.labhand.vm.aws;

import dev.labhand.ssh.SshPublicKey;
import java.util.Optional;

/**
 * Finds the VM's ed25519 host key in its console output. cloud-init prints the host keys between
 * {@code -----BEGIN SSH HOST KEY KEYS-----} and {@code -----END SSH HOST KEY KEYS-----} on first boot; the
 * console is written by the VM itself, so a line is only trusted once it parses as a key. Lines may carry a
 * console prefix (a kernel timestamp, {@code cloud-init[..]:}), so the key is taken from where its type starts.
 */
final class ConsoleHostKeys {
    private static final String BEGIN = "-----BEGIN SSH HOST KEY KEYS-----";
    private static final String END = "-----END SSH HOST KEY KEYS-----";
    private static final String TYPE = "ssh-ed25519 ";

    private ConsoleHostKeys() {}

    /** The ed25519 key of the last complete block (the latest boot), without its comment; empty when absent. */
    static Optional<String> ed25519(String console) {
        String found = null;
        String candidate = null;
        boolean inBlock = false;
        for (String line : console.lines().toList()) {
            if (line.contains(BEGIN)) {
                inBlock = true;
                candidate = null;
            } else if (line.contains(END)) {
                if (inBlock && candidate != null) found = candidate;
                inBlock = false;
            } else if (inBlock && line.contains(TYPE)) {
                candidate = validated(line.substring(line.indexOf(TYPE)));
            }
        }
        return Optional.ofNullable(found);
    }

    /** The key line without its comment, or null when it does not parse. */
    private static String validated(String line) {
        try {
            return SshPublicKey.parse(line).line();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
