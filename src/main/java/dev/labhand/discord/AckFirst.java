package dev.labhand.discord;

import java.time.Duration;

/**
 * Acknowledgements go before tool work. A class pressing enter together sends a burst of interactions;
 * if the tools of the first ones started at once, a few hundred threads of database and engine work would
 * compete for the CPU with the one thread that reads the gateway and the ones that send the
 * acknowledgements, and the last of the burst would miss Discord's 3 seconds. So a tool starts only once no
 * acknowledgement has been pending for {@link #QUIET}, and waits for that at most {@link #MAX_WAIT}.
 */
final class AckFirst {
    static final Duration QUIET = Duration.ofMillis(25);
    static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private int pending; // guarded by this
    private long lastSettled = System.nanoTime() - QUIET.toNanos(); // guarded by this

    /** An acknowledgement is on its way (called on the gateway thread, before it is sent). */
    synchronized void sending() {
        pending++;
    }

    /** That acknowledgement reached Discord, or failed. */
    synchronized void settled() {
        pending--;
        lastSettled = System.nanoTime();
        if (pending == 0) notifyAll();
    }

    /** Waits until no acknowledgement has been pending for {@link #QUIET}, at most {@link #MAX_WAIT}. */
    synchronized void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (true) {
            long now = System.nanoTime();
            long quietLeft = pending > 0 ? QUIET.toNanos() : lastSettled + QUIET.toNanos() - now;
            if (quietLeft <= 0 || now >= deadline) return;
            wait(Math.max(1, Math.min(quietLeft, deadline - now) / 1_000_000));
        }
    }
}
