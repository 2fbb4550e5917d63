package dev.labhand.image;

import dev.labhand.tool.Progress;
import java.util.function.LongSupplier;

/**
 * A build's output folded into progress lines: the current step and its latest line, reported at most every
 * 1.5 s (a chat message edited more often is rate-limited, and nobody reads faster).
 */
final class BuildProgress {
    static final long EVERY_MS = 1500;
    private final Progress progress;
    private final LongSupplier clockMs;
    private String step = "";
    private long lastReport = Long.MIN_VALUE / 2;
    private int reports;

    BuildProgress(Progress progress, LongSupplier clockMs) {
        this.progress = progress;
        this.clockMs = clockMs;
    }

    void accept(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("Step ")) step = clip(trimmed);
        long now = clockMs.getAsLong();
        if (now - lastReport < EVERY_MS) return;
        lastReport = now;
        reports++;
        progress.report(trimmed.startsWith("Step ") || step.isEmpty() ? step.isEmpty() ? clip(trimmed) : step
                : step + "\n  " + clip(trimmed));
    }

    int reports() {
        return reports;
    }

    private static String clip(String s) {
        return s.length() > 160 ? s.substring(0, 159) + "…" : s;
    }
}
