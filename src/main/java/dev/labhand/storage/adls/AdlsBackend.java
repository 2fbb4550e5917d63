package dev.labhand.storage.adls;

import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathItem;
import dev.labhand.storage.StorageBackend;
import dev.labhand.storage.StorageEntry;
import dev.labhand.storage.StorageLocation;
import dev.labhand.tool.Caller.Lang;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code storage.list} for ADLS Gen2: one level of the hierarchical namespace (List Paths, not recursive), every page
 * followed through the service's continuation token.
 */
public final class AdlsBackend implements StorageBackend {
    private final AdlsClients clients;
    private final Lang lang;

    public AdlsBackend(AdlsClients clients, Lang lang) {
        this.clients = clients;
        this.lang = lang;
    }

    @Override
    public StorageLocation.Kind kind() {
        return StorageLocation.Kind.ADLS;
    }

    @Override
    public List<StorageEntry> list(StorageLocation location, String prefix) {
        String directory = AdlsPaths.path(location, prefix);
        String root = location.root().isEmpty() ? "" : location.root() + "/";
        List<StorageEntry> out = new ArrayList<>();
        try {
            var options = new ListPathsOptions().setRecursive(false).setPath(directory.isEmpty() ? null : directory);
            for (PathItem p : clients.fileSystem(location).listPaths(options, AdlsClients.ATTEMPT.multipliedBy(4))) {
                String name = p.getName().startsWith(root) ? p.getName().substring(root.length()) : p.getName();
                out.add(p.isDirectory() ? StorageEntry.folder(name) : StorageEntry.file(name, p.getContentLength(),
                        p.getLastModified() == null ? null : p.getLastModified().toInstant()));
            }
        } catch (RuntimeException e) {
            throw AdlsErrors.explain(e, location, location.url(prefix), lang);
        }
        out.sort(Comparator.comparing((StorageEntry e) -> !e.isFolder()).thenComparing(StorageEntry::path));
        return out;
    }
}
