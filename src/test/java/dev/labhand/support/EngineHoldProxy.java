package dev.labhand.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback front of the Docker engine that holds back the first request containing {@code holdAt} until
 * {@link #release()}: a tool is caught at an exact step (say, the container made and its start not yet sent),
 * for as long as a test needs to do something meanwhile. Everything else passes.
 */
public final class EngineHoldProxy extends EngineProxy {
    private final String holdAt;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    public EngineHoldProxy(String unixSocketPath, String holdAt) {
        super(unixSocketPath, "engine-hold-proxy");
        this.holdAt = holdAt;
    }

    /** Waits until the request to hold arrived (and is being held). */
    public void awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no request containing '" + holdAt + "' reached the engine within " + timeout);
        }
    }

    /** Lets the held request (and every later one) through. */
    public void release() {
        released.countDown();
    }

    @Override
    boolean forward(String chunk) throws InterruptedException {
        if (held.getCount() > 0 && chunk.contains(holdAt)) {
            held.countDown();
            released.await();
        }
        return true;
    }

    @Override
    public void close() {
        released.countDown();
        super.close();
    }
}
