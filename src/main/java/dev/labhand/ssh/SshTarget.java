package dev.labhand.ssh;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host Labhand may reach over SSH, with the host key recorded when the host was made (a provider's
 * output, never the first key a server happens to show). There is no target without a key: a host whose
 * key was not recorded cannot be contacted.
 */
public record SshTarget(String address, int port, String user, SshPublicKey hostKey) {
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    public SshTarget {
        if (address == null || address.isBlank()) throw new IllegalArgumentException("no address");
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
        if (user == null || !USER.matcher(user).matches()) throw new IllegalArgumentException("not a user name: " + user);
        Objects.requireNonNull(hostKey, "no recorded host key for " + address + ": the host cannot be contacted");
    }

    /** {@code user@address:port}, for messages. */
    public String destination() {
        return user + "@" + address + ":" + port;
    }
}
