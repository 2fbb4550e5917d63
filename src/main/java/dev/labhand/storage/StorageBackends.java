package dev.labhand.storage;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The backends Wiring has, one per kind of location. */
public final class StorageBackends {
    private final Map<StorageLocation.Kind, StorageBackend> byKind = new EnumMap<>(StorageLocation.Kind.class);

    public StorageBackends(List<? extends StorageBackend> backends) {
        for (StorageBackend b : backends) byKind.put(b.kind(), b);
    }

    /** The backend for {@code location}, or an error saying this kind is not available in this installation. */
    public StorageBackend forLocation(StorageLocation location, Lang lang) {
        StorageBackend b = byKind.get(location.kind());
        if (b == null) {
            throw new UserError(Messages.get(lang, "storage.backend.missing", "name", location.name(),
                    "kind", location.kind().name()));
        }
        return b;
    }
}
