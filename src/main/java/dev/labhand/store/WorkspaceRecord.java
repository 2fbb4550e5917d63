package dev.labhand.store;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store's side of a workspace. {@code ports} maps a container port to the host port it is
 * published on; {@code secret} is the Jupyter token or RStudio password, shown only to the owner.
 */
public record WorkspaceRecord(String id, String name, String ownerId, String template, String host,
                              String containerId, Status status, Map<Integer, Integer> ports, String secret,
                              Instant createdAt, Instant lastActivity) {

    public WorkspaceRecord {
        ports = ports == null ? Map.of() : new TreeMap<>(ports);
    }

    /** CREATING is written before the container exists, so a crash in between is found again. */
    public enum Status { CREATING, RUNNING, STOPPED, MISSING, FAILED }

    public WorkspaceRecord withStatus(Status next) {
        return new WorkspaceRecord(id, name, ownerId, template, host, containerId, next, ports, secret, createdAt,
                lastActivity);
    }

    public WorkspaceRecord withContainer(String container) {
        return new WorkspaceRecord(id, name, ownerId, template, host, container, status, ports, secret, createdAt,
                lastActivity);
    }
}
