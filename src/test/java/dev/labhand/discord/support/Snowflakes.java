package dev.labhand.discord.support;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Current Discord snowflakes: {@code (millis since 2015-01-01) << 22}, unique and increasing within this JVM.
 * JDA treats an interaction whose id is not recent as expired, so ids must come from the clock.
 */
final class Snowflakes {
    static final long DISCORD_EPOCH_MILLIS = 1420070400000L;
    private static final AtomicLong LAST = new AtomicLong();

    private Snowflakes() {}

    static long next() {
        long now = (System.currentTimeMillis() - DISCORD_EPOCH_MILLIS) << 22;
        return LAST.updateAndGet(previous -> Math.max(previous + 1, now));
    }
}
