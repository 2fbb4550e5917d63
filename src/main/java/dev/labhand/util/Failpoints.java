package dev.labhand.util;

/**
 * Named points where a test may have this process die at once, as a kill -9 or a power cut would:
 * {@code LABHAND_FAILPOINT=create.after-container} halts the JVM (exit 137) when that point is reached.
 * Unset (always, outside the crash tests), a point costs one comparison with null.
 */
public final class Failpoints {
    private static final String ARMED = System.getenv("LABHAND_FAILPOINT");

    private Failpoints() {}

    public static void hit(String name) {
        if (ARMED != null && ARMED.equals(name)) {
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
