package dev.labhand.store;

import dev.labhand.tool.Caller;
import dev.labhand.tool.Param;
import dev.labhand.tool.ResourceOwners;
import dev.labhand.tool.Role;
import java.util.Optional;

/**
 * The gateway's ownership questions answered from the store: workspaces belong to their owner; hosts
 * belong to the instructor who made them, "local" to nobody, and learners may use the hosts they are
 * assigned to (and "local").
 */
public final class StoreOwners implements ResourceOwners {
    private final WorkspaceRepository workspaces;
    private final HostRepository hosts;

    public StoreOwners(WorkspaceRepository workspaces, HostRepository hosts) {
        this.workspaces = workspaces;
        this.hosts = hosts;
    }

    @Override
    public Optional<String> ownerOf(Param.Ref kind, String name) {
        if (kind != Param.Ref.HOST) return workspaces.ownerOf(kind, name);
        if (name.equals(HostRecord.LOCAL)) return Optional.of("");
        return hosts.byName(name).map(HostRecord::ownerId);
    }

    @Override
    public Optional<String> idOf(Param.Ref kind, String name) {
        return switch (kind) {
            case WORKSPACE -> workspaces.byName(name).map(WorkspaceRecord::id);
            case HOST -> name.equals(HostRecord.LOCAL) ? Optional.of(name)
                    : hosts.byName(name).map(h -> h.name() + "@" + h.createdAt());
            case MEMBER -> Optional.of(name);
            case NONE -> Optional.empty();
        };
    }

    @Override
    public boolean mayUse(Caller caller, Param.Ref kind, String name, String owner) {
        if (kind != Param.Ref.HOST) return caller.mayActFor(owner);
        return name.equals(HostRecord.LOCAL) || caller.role().atLeast(Role.INSTRUCTOR) || hosts.isAssigned(name, caller.id());
    }
}
