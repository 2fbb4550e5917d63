package dev.labhand.util;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names this process in a way another process on the same machine can check: "pid 4242 since 2026-…Z".
 * A started audit row carries it, so a crashed call is known as interrupted as soon as its process is gone,
 * not only after its tool's timeout.
 */
public final class ProcessIdentity {
    private static final Pattern FORM = Pattern.compile("pid (\\d+) since (\\S+)");
    private static final String CURRENT = describe(ProcessHandle.current());

    private ProcessIdentity() {}

    public static String current() {
        return CURRENT;
    }

    /** Alive (true), gone (false), or unknown (empty: not in this form, or no start time on this system). */
    public static Optional<Boolean> alive(String identity) {
        Matcher m = FORM.matcher(identity == null ? "" : identity);
        if (!m.find() || m.group(2).equals("?")) return Optional.empty();
        Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(m.group(1)));
        if (p.isEmpty() || !p.get().isAlive()) return Optional.of(false);
        // a recycled pid belongs to a process that started later
        return Optional.of(p.get().info().startInstant().map(Instant::toString).map(m.group(2)::equals).orElse(true));
    }

    private static String describe(ProcessHandle p) {
        return "pid " + p.pid() + " since " + p.info().startInstant().map(Instant::toString).orElse("?");
    }
}
