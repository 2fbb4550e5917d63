package dev.labhand.chat;

import dev.labhand.store.HostRepository;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Param;
import dev.labhand.tool.Role;
import dev.labhand.tool.ToolCatalog;
import java.util.List;
import java.util.Locale;

/**
 * Values to offer while a member types an argument (Discord autocomplete): their own workspace names
 * (everyone's for instructors), host names they may use, or a parameter's choices. Served from SQLite and memory only, because
 * autocomplete cannot wait.
 */
public final class Suggestions {
    public static final int MAX = 25;
    private final ToolCatalog catalog;
    private final WorkspaceRepository workspaces;
    private final HostRepository hosts;

    public Suggestions(ToolCatalog catalog, WorkspaceRepository workspaces, HostRepository hosts) {
        this.catalog = catalog;
        this.workspaces = workspaces;
        this.hosts = hosts;
    }

    public List<String> forArgument(Caller caller, String tool, String param, String typed) {
        String prefix = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        return catalog.find(tool).flatMap(t -> t.spec().param(param)).map(p -> values(caller, p)).orElse(List.of())
                .stream().filter(v -> v.toLowerCase(Locale.ROOT).contains(prefix)).limit(MAX).toList();
    }

    private List<String> values(Caller caller, Param p) {
        if (p.ref() == Param.Ref.WORKSPACE) {
            return workspaces.namesVisibleTo(caller.id(), caller.role().atLeast(Role.INSTRUCTOR), 200);
        }
        if (p.ref() == Param.Ref.HOST) {
            List<String> names = caller.role().atLeast(Role.INSTRUCTOR) ? hosts.names(200) : hosts.assignedTo(caller.id());
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(dev.labhand.store.HostRecord.LOCAL), names.stream()).toList();
        }
        return p.choices();
    }
}
