package dev.labhand.util;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a latch a long-running command waits on, so that the command itself runs its
 * orderly stop on its own thread and exits 0. Left to the JVM these signals start the shutdown hooks,
 * after which the process can only exit 143 and every library's hook races the stop.
 */
public final class StopSignals {
    private StopSignals() {}

    /** A latch counted down by the first SIGTERM or SIGINT; where a signal cannot be caught, never. */
    public static CountDownLatch install() {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> stop.countDown());
            } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
                // this platform has no such signal, or the JVM keeps it (-Xrs): shutdown hooks remain
            }
        }
        return stop;
    }
}
