package dev.labhand.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Relative paths inside a storage location, as members type them, made safe: separators collapsed, {@code .}
 * dropped, and absolute paths, {@code ..}, backslashes, {@code ~} and control characters refused (never
 * "resolved": {@code a/../b} is refused, not turned into {@code b}). The result has no leading '/', keeps one
 * trailing '/' when the member wrote one (a folder), and is empty for the location's root.
 */
public final class StoragePaths {
    public static final int MAX_LENGTH = 1024;

    private StoragePaths() {}

    /** The normalised path, or empty when it is refused. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) return Optional.of("");
        String p = raw.strip();
        if (p.length() > MAX_LENGTH || p.startsWith("/") || p.startsWith("~") || p.contains("\\")) return Optional.empty();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT) return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) return Optional.empty();
            parts.add(segment);
        }
        String joined = String.join("/", parts);
        return Optional.of(!joined.isEmpty() && p.endsWith("/") ? joined + "/" : joined);
    }

    /** {@code path} as a folder prefix: with one trailing '/', or empty for the root. */
    public static String asFolder(String path) {
        return path.isEmpty() || path.endsWith("/") ? path : path + "/";
    }
}
