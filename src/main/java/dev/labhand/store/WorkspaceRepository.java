package dev.labhand.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labhand.store.WorkspaceRecord.Status;
import dev.labhand.tool.Param;
import dev.labhand.tool.ResourceOwners;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workspaces in SQLite; also answers the gateway's ownership questions. */
public final class WorkspaceRepository implements ResourceOwners {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;
    private final Clock clock;
    private final SecretBox secrets;

    /** Without the secrets key: enough to read ids, owners and states (secrets stay sealed). */
    public WorkspaceRepository(Database db, Clock clock) {
        this(db, clock, SecretBox.none());
    }

    public WorkspaceRepository(Database db, Clock clock, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.secrets = secrets;
    }

    @Override
    public Optional<String> ownerOf(Param.Ref kind, String name) {
        return switch (kind) {
            case WORKSPACE -> byName(name).map(WorkspaceRecord::ownerId);
            case MEMBER -> Optional.of(name); // members own themselves
            case NONE, HOST -> Optional.empty(); // hosts: see StoreOwners
        };
    }

    /** What {@link #insert(WorkspaceRecord, int)} did. */
    public enum Insert { DONE, NAME_TAKEN, OVER_QUOTA }

    /** Inserts a new record; false if the name is taken. */
    public boolean insert(WorkspaceRecord w) {
        return insert(w, -1) == Insert.DONE;
    }

    /**
     * Inserts a new record unless the name is taken or its owner already has {@code quota} workspaces
     * ({@code -1}: no quota). Checked and written in one write transaction, so two processes creating at
     * once cannot both pass the quota.
     */
    public Insert insert(WorkspaceRecord w, int quota) {
        return db.tx(c -> {
            if (Sql.one(c, "SELECT 1 FROM workspaces WHERE name = ?", rs -> 1, w.name()).isPresent()) {
                return Insert.NAME_TAKEN;
            }
            if (quota >= 0 && Sql.one(c, "SELECT count(*) FROM workspaces WHERE owner_id = ?", rs -> rs.getInt(1),
                    w.ownerId()).orElse(0) >= quota) {
                return Insert.OVER_QUOTA;
            }
            Sql.update(c, """
                    INSERT INTO workspaces (id, name, owner_id, template, host, container_id, status, ports, secret,
                        created_at, last_activity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    w.id(), w.name(), w.ownerId(), w.template(), w.host(), w.containerId(), w.status().name(),
                    ports(w.ports()), secrets.seal(w.secret()), w.createdAt().toString(), w.lastActivity().toString());
            return Insert.DONE;
        });
    }

    public void update(WorkspaceRecord w) {
        db.tx(c -> Sql.update(c, """
                UPDATE workspaces SET container_id = ?, status = ?, ports = ?, last_activity = ? WHERE id = ?""",
                w.containerId(), w.status().name(), ports(w.ports()), clock.instant().toString(), w.id()));
    }

    /** The database the records live in, for what keeps more per workspace in its own table (the idle culler). */
    public Database database() {
        return db;
    }

    public void setStatus(String id, Status status) {
        db.tx(c -> Sql.update(c, "UPDATE workspaces SET status = ?, last_activity = ? WHERE id = ?",
                status.name(), clock.instant().toString(), id));
    }

    public void delete(String id) {
        db.tx(c -> Sql.update(c, "DELETE FROM workspaces WHERE id = ?", id));
    }

    /** A create in progress is alive: moves {@code last_activity} to now, so no reconciler clears the record. */
    public void heartbeat(String id) {
        db.tx(c -> Sql.update(c, "UPDATE workspaces SET last_activity = ? WHERE id = ?", clock.instant().toString(), id));
    }

    /**
     * Deletes the record only if nothing touched it since {@code cutoff} (checked and deleted in one
     * transaction, so a heartbeat that lands in between wins); true if it was deleted.
     */
    public boolean deleteIfQuietSince(String id, Instant cutoff) {
        return db.tx(c -> quietSince(c, id, cutoff) && Sql.update(c, "DELETE FROM workspaces WHERE id = ?", id) == 1);
    }

    /** Sets the status only if nothing touched the record since {@code cutoff}; true if it was set. */
    public boolean setStatusIfQuietSince(String id, Status status, Instant cutoff) {
        return db.tx(c -> quietSince(c, id, cutoff) && Sql.update(c,
                "UPDATE workspaces SET status = ?, last_activity = ? WHERE id = ?",
                status.name(), clock.instant().toString(), id) == 1);
    }

    private static boolean quietSince(java.sql.Connection c, String id, Instant cutoff) throws SQLException {
        // compared as instants, not as text: Instant.toString's fraction has a varying length
        return Sql.one(c, "SELECT last_activity FROM workspaces WHERE id = ?", rs -> Instant.parse(rs.getString(1)), id)
                .map(last -> last.isBefore(cutoff)).orElse(false);
    }

    /** The remote hosts holding a create that has not finished (creating, or failed with a container maybe made). */
    public List<String> hostsWithUnfinishedCreates(String localHost) {
        return db.read(c -> Sql.list(c, "SELECT DISTINCT host FROM workspaces WHERE status IN (?, ?) AND host <> ? ORDER BY host",
                rs -> rs.getString(1), Status.CREATING.name(), Status.FAILED.name(), localHost));
    }

    public Optional<WorkspaceRecord> byName(String name) {
        return db.read(c -> Sql.one(c, "SELECT * FROM workspaces WHERE name = ?", this::map, name));
    }

    public Optional<WorkspaceRecord> byId(String id) {
        return db.read(c -> Sql.one(c, "SELECT * FROM workspaces WHERE id = ?", this::map, id));
    }

    public List<WorkspaceRecord> all() {
        return db.read(c -> Sql.list(c, "SELECT * FROM workspaces ORDER BY owner_id, name", this::map));
    }

    public List<WorkspaceRecord> ownedBy(String ownerId) {
        return db.read(c -> Sql.list(c, "SELECT * FROM workspaces WHERE owner_id = ? ORDER BY name",
                this::map, ownerId));
    }

    /** What a member may see: everyone's workspaces with {@code all} (instructors), else their own. */
    public List<WorkspaceRecord> visibleTo(String ownerId, boolean all) {
        return all ? all() : ownedBy(ownerId);
    }

    /** Names (at most {@code limit}) for autocomplete and help, learners' own only. */
    public List<String> namesVisibleTo(String ownerId, boolean all, int limit) {
        return db.read(c -> all
                ? Sql.list(c, "SELECT name FROM workspaces ORDER BY name LIMIT ?", rs -> rs.getString(1), limit)
                : Sql.list(c, "SELECT name FROM workspaces WHERE owner_id = ? ORDER BY name LIMIT ?",
                        rs -> rs.getString(1), ownerId, limit));
    }

    private WorkspaceRecord map(ResultSet rs) throws SQLException {
        return new WorkspaceRecord(rs.getString("id"), rs.getString("name"), rs.getString("owner_id"),
                rs.getString("template"), rs.getString("host"), rs.getString("container_id"),
                Status.valueOf(rs.getString("status")), readPorts(rs.getString("ports")), secrets.open(rs.getString("secret")),
                Instant.parse(rs.getString("created_at")), Instant.parse(rs.getString("last_activity")));
    }

    private static String ports(Map<Integer, Integer> ports) {
        try {
            return JSON.writeValueAsString(ports);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Integer, Integer> readPorts(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<Integer, Integer>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
