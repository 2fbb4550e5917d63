package dev.labhand.workspace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells others that a long piece of work is alive, at most once per {@code every}: a create pulling a
 * multi-gigabyte image refreshes its record, so no reconciler takes it for a create that died.
 */
final class Heartbeat {
    private final Runnable beat;
    private final Clock clock;
    private final Duration every;
    private Instant last = Instant.MIN;

    Heartbeat(Runnable beat, Clock clock, Duration every) {
        this.beat = beat;
        this.clock = clock;
        this.every = every;
    }

    /** Beats if the last beat is at least {@code every} old. */
    synchronized void beat() {
        Instant now = clock.instant();
        if (last.plus(every).isAfter(now)) return;
        beatNow();
    }

    /** Beats now. A beat that fails (the database busy) is logged; the work itself goes on. */
    synchronized void beatNow() {
        last = clock.instant();
        try {
            beat.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Heartbeat.class).warn("heartbeat failed: {}", e.toString());
        }
    }
}
