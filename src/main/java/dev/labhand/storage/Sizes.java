package dev.labhand.storage;

import java.util.Locale;

/** Byte counts and rates as people read them (Storage Explorer's KB, MB, GB in powers of 1024). */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** MB/s (MiB) over {@code seconds}. */
    public static String rate(long bytes, double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds <= 0 ? 0 : bytes / 1048576.0 / seconds);
    }
}
