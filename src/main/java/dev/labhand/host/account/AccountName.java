package dev.labhand.host.account;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Linux user name of a member's account. A name is lower-case ASCII, starts with a letter, at most
 * {@value #MAX} characters, and is none of the names a system or cloud image already uses ({@code root},
 * {@code azureuser}, service users, privileged groups). A member whose id is itself such a name (a console
 * name) gets it; a member with a numeric platform id (Discord) gets one made from their display name. Anything
 * else is refused, never repaired: an instructor then names the account with {@code user:}.
 */
public final class AccountName {
    public static final int MAX = 32;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    private static final Set<String> RESERVED = Set.of("root", "daemon", "bin", "sys", "sync", "games", "man", "lp",
            "mail", "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "gnats", "nobody", "sshd", "messagebus",
            "admin", "administrator", "ubuntu", "debian", "azureuser", "ec2-user", "centos", "docker", "sudo", "wheel",
            "adm", "staff", "shadow", "disk", "kmem", "labhand", "operator", "systemd-network", "systemd-resolve",
            "systemd-timesync", "polkitd", "syslog", "tss", "lxd", "dnsmasq", "postfix", "ntp", "chrony", "guest");

    private AccountName() {}

    /** Whether {@code name} may be an account name (before checking who holds it). */
    public static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches() && !RESERVED.contains(name) && !name.startsWith("systemd-");
    }

    /**
     * The name for a member: their id when it is a valid name, else (a numeric platform id) one made from the
     * display name, else empty.
     */
    public static Optional<String> derive(String memberId, String displayName) {
        if (valid(memberId)) return Optional.of(memberId);
        if (!memberId.matches("\\d{5,20}")) return Optional.empty();
        String base = displayName == null ? "" : displayName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "")
                .replaceAll("^[^a-z]+", "");
        if (base.length() > MAX - 3) base = base.substring(0, MAX - 3);
        if (base.length() < 2 || !valid(base)) base = "m" + memberId.substring(memberId.length() - 6);
        return Optional.of(base);
    }

    /** The next name to try when {@code name} is taken by another member: {@code name-2}, {@code name-3}, ... */
    public static String next(String name, int attempt) {
        String suffix = "-" + attempt;
        String base = name.length() + suffix.length() > MAX ? name.substring(0, MAX - suffix.length()) : name;
        return base + suffix;
    }
}
