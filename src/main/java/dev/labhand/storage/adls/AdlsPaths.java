package dev.labhand.storage.adls;

import dev.labhand.storage.StorageLocation;

/** Paths inside an ADLS filesystem as the Data Lake API takes them: no leading or trailing '/', empty for the root. */
final class AdlsPaths {
    private AdlsPaths() {}

    /** The path in the filesystem of {@code relative} (already normalised) under the location's root. */
    static String path(StorageLocation location, String relative) {
        String key = location.key(relative == null ? "" : relative);
        while (key.endsWith("/")) key = key.substring(0, key.length() - 1);
        return key;
    }

    /** The directories above {@code path}, nearest the root first ("a/b/c" → "", "a", "a/b"). */
    static java.util.List<String> ancestors(String path) {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add("");
        int i = path.indexOf('/');
        while (i > 0) {
            out.add(path.substring(0, i));
            i = path.indexOf('/', i + 1);
        }
        return path.isEmpty() ? java.util.List.of() : out;
    }
}
