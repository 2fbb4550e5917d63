package dev.labhand.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A create's heartbeat: every pull message may beat, but the record is written at most once per interval. */
final class HeartbeatTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    @Test
    void should_beat_at_most_once_per_interval() {
        AtomicInteger beats = new AtomicInteger();
        Heartbeat h = new Heartbeat(beats::incrementAndGet, clock, WorkspaceService.HEARTBEAT_EVERY);

        h.beat();
        for (int i = 0; i < 100; i++) h.beat(); // a pull reports many layers a second
        clock.advance(WorkspaceService.HEARTBEAT_EVERY.minusMillis(1));
        h.beat();
        assertThat(beats).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        h.beat();
        assertThat(beats).hasValue(2);
        h.beatNow(); // a step of the create (about to make the container) always beats
        assertThat(beats).hasValue(3);
    }

    @Test
    void should_not_stop_the_work_when_a_beat_fails() {
        Heartbeat h = new Heartbeat(() -> {
            throw new IllegalStateException("database is locked");
        }, clock, WorkspaceService.HEARTBEAT_EVERY);

        h.beat();
        h.beatNow();
    }
}
