package dev.labhand.util;

/**
 * Named points where a test may have this process die at once, as a kill -9 or a power cut would:
 * {@code LABHAND_FAILPOINT=create.after-container} halts the JVM (exit 137) when that point is reached.
 * Unset (always, outside the crash tests), a point costs one comparison with null.
 */
public final class Failpoints {
    private static final String ARMED = System.getenv("LABHAND_FAILPOINT");
    private static volatile java.util.function.Consumer<String> observer;

    private Failpoints() {}

    /**
     * Tests only: {@code o} runs at every point this process reaches, on the thread reaching it, so a test can
     * break a peer (stop or freeze a host) at an exact step; null removes it.
     */
    public static void observe(java.util.function.Consumer<String> o) {
        observer = o;
    }

    public static void hit(String name) {
        java.util.function.Consumer<String> o = observer;
        if (o != null) o.accept(name);
        if (ARMED != null && ARMED.equals(name)) {
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
