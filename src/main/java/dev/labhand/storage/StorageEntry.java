package dev.labhand.storage;

import java.time.Instant;

/**
 * One line of a storage listing, as Storage Explorer shows it: a file with its size and time, or a folder.
 *
 * @param path     relative to the location's root (what members type); a folder ends in '/'
 * @param size     bytes; 0 for a folder
 * @param modified when the file last changed; null for a folder (S3 prefixes have no time)
 */
public record StorageEntry(String path, long size, Instant modified) {

    public static StorageEntry folder(String path) {
        return new StorageEntry(path.endsWith("/") ? path : path + "/", 0, null);
    }

    public static StorageEntry file(String path, long size, Instant modified) {
        return new StorageEntry(path, size, modified);
    }

    public boolean isFolder() {
        return path.endsWith("/");
    }

    /** The last segment (without the folder's '/'), for display. */
    public String name() {
        String p = isFolder() ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1) + (isFolder() ? "/" : "");
    }
}
