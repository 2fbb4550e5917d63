package dev.labhand.discord;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The work the bot has taken on and not yet delivered: every interaction or message admitted holds a
 * {@link Ticket} from before its acknowledgement until its last reply reached Discord (or could not).
 * {@link #closeAndAwait()} admits nothing more and waits for the tickets still held, each for at most its
 * own bound (the tool's timeout plus time to deliver), so a restart neither drops a running tool's answer
 * nor waits forever for one that hangs.
 */
final class InFlight {
    /** Time allowed to deliver an answer once its tool ended (Discord's rate limits may delay the edit). */
    static final Duration DELIVERY = Duration.ofSeconds(30);

    private final Duration longestTool;
    private final Map<Ticket, Long> deadlines = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    /** @param longestTool the longest timeout in the catalog: the bound of work whose tool is not known up front */
    InFlight(Duration longestTool) {
        this.longestTool = longestTool;
    }

    Duration longestTool() {
        return longestTool;
    }

    /** One admitted piece of work. */
    final class Ticket {
        /** Marks the work delivered; the second and later calls do nothing. */
        void leave() {
            synchronized (InFlight.this) {
                if (deadlines.remove(this) != null) InFlight.this.notifyAll();
            }
        }

        /**
         * Runs {@code task} on {@code work} and leaves once the delivery it returns completes; also when it throws
         * (logged as {@code what}) or the pool no longer takes work (shutting down).
         */
        void runOn(java.util.concurrent.Executor work, java.util.concurrent.Callable<java.util.concurrent.CompletableFuture<?>> task,
                   String what) {
            try {
                work.execute(() -> {
                    try {
                        task.call().whenComplete((ok, err) -> leave());
                    } catch (Exception | Error failed) {
                        org.slf4j.LoggerFactory.getLogger(InFlight.class).error("{} failed", what, failed);
                        leave();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                leave();
            }
        }
    }

    /**
     * Admits work that takes at most {@code toolTimeout} (plus {@link #DELIVERY}), or null once closing:
     * the caller then answers "restarting" instead of starting anything.
     */
    synchronized Ticket enter(Duration toolTimeout) {
        if (closed) return null;
        Ticket t = new Ticket();
        deadlines.put(t, System.nanoTime() + toolTimeout.plus(DELIVERY).toNanos());
        return t;
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized int running() {
        return deadlines.size();
    }

    /**
     * Admits nothing more, then waits until every admitted piece of work was delivered or has outlived its
     * bound. True when everything was delivered.
     */
    synchronized boolean closeAndAwait() throws InterruptedException {
        closed = true;
        while (!deadlines.isEmpty()) {
            long latest = deadlines.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            long left = latest - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, Math.min(left / 1_000_000, 1_000)));
        }
        return true;
    }
}
