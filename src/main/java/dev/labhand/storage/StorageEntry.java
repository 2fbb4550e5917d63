package dev.labhand.storage;

import java.time.Instant;

/**
 * One entry of a listing, as Storage Explorer shows it.
 *
 * @param key      relative to the location's root; folders end in '/'
 * @param size     bytes (0 for folders)
 * @param modified when it last changed; null when the store does not say
 * @param folder   a directory (ADLS) or common prefix (S3)
 */
public record StorageEntry(String key, long size, Instant modified, boolean folder) {}
