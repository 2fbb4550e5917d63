package dev.labhand.storage;

import java.util.List;

/** One kind of cloud storage (S3, ADLS Gen2) as {@code storage.list} reads it. */
public interface StorageBackend {
    /**
     * The entries directly under {@code prefix} (relative to the location's root, a folder ending in '/' or empty for
     * the root), folders first. Failures are {@link dev.labhand.tool.UserError}s in the caller's terms.
     */
    List<StorageEntry> list(StorageLocation location, String prefix);
}
