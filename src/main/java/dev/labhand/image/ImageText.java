package dev.labhand.image;

/** Sizes and Dockerfile instructions as a reply shows them. */
final class ImageText {
    private ImageText() {}

    static String human(long bytes) {
        if (bytes >= 1L << 30) return String.format("%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format("%.1f MB", bytes / (double) (1L << 20));
        if (bytes >= 1024) return String.format("%.0f KB", bytes / 1024.0);
        return bytes + " B";
    }

    /** A history line's instruction without the shell wrapper docker puts around it, clipped. */
    static String instruction(String createdBy) {
        String s = createdBy.replaceFirst("^/bin/sh -c #\\(nop\\)\\s*", "").replaceFirst("^/bin/sh -c ", "RUN ").strip();
        return s.length() > 100 ? s.substring(0, 99) + "…" : s;
    }
}
