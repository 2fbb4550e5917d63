package dev.labhand.storage;

import dev.labhand.config.LabhandConfig;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The storage locations the configuration names; nothing else can be reached from chat. */
public final class StorageCatalog {
    private final Map<String, StorageLocation> locations;

    private StorageCatalog(Map<String, StorageLocation> locations) {
        this.locations = locations;
    }

    public static StorageCatalog from(LabhandConfig.Storage settings) {
        Map<String, StorageLocation> out = new LinkedHashMap<>();
        settings.locations().forEach((name, l) -> out.put(name, StorageLocation.parse(name, l.url(), l.endpoint(),
                l.region(), l.learnerRead(), l.learnerWrite())));
        return new StorageCatalog(out);
    }

    public Optional<StorageLocation> find(String name) {
        return Optional.ofNullable(locations.get(name));
    }

    /** The location, or an error in the member's language naming the ones there are. */
    public StorageLocation require(String name, Lang lang) {
        return find(name).orElseThrow(() -> new UserError(unknown(name, lang)));
    }

    /** "No location named …; there are …", for a tool's check. */
    public String unknown(String name, Lang lang) {
        return locations.isEmpty()
                ? Messages.get(lang, "storage.location.none")
                : Messages.get(lang, "storage.location.unknown", "name", name, "names", String.join(", ", locations.keySet()));
    }

    public List<String> names() {
        return List.copyOf(locations.keySet());
    }
}
