package dev.labhand.storage;

import dev.labhand.config.LabhandConfig;
import dev.labhand.storage.s3.S3Backend;
import dev.labhand.tool.Tool;
import dev.labhand.workspace.WorkspaceService;
import java.util.List;

/** The storage tools, in the order help lists them; Wiring registers them with one line. */
public final class StorageTools {
    private StorageTools() {}

    /** @param others the backends of the other kinds of location (ADLS Gen2), which S3's sits beside */
    public static List<Tool> of(LabhandConfig config, WorkspaceService workspaces, StorageBackend... others) {
        StorageCatalog catalog = StorageCatalog.from(config.storage());
        S3Backend s3 = new S3Backend(); // clients are made on first use, per endpoint and region
        List<StorageBackend> all = new java.util.ArrayList<>(List.of(others));
        all.add(s3);
        StorageBackends backends = new StorageBackends(all);
        return List.of(
                new ListStorageTool(catalog, backends),
                new SyncStorageTool(catalog, s3, workspaces));
    }
}
