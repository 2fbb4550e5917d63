package dev.labhand.storage;

import java.util.List;

/**
 * One kind of cloud storage (S3, ADLS Gen2) as the storage tools see it. Each kind has one implementation in its
 * own package ({@code storage.s3}, {@code storage.adls}); {@link StorageBackends} picks it by the location's kind,
 * so a tool never asks which cloud it talks to. Access has been checked by the gateway before a backend is called.
 */
public interface StorageBackend {

    /** The kind of location this backend serves. */
    StorageLocation.Kind kind();

    /**
     * What lies directly under {@code prefix} (relative to the location's root: empty, or ending in '/'): files with
     * sizes and times and sub-folders (one level, like Storage Explorer), sorted folders first, then by name.
     * Paths in the answer are relative to the location's root. A problem the member can act on (no such bucket or
     * filesystem, credentials refused) is thrown as a {@link StorageFailure} (a message key the tool puts in the
     * member's language) or, where the backend knows the language, a {@link dev.labhand.tool.UserError}.
     */
    List<StorageEntry> list(StorageLocation location, String prefix);
}
