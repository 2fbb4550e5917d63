package dev.labhand.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hosts and who is assigned to them, in SQLite. */
public final class HostRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;
    private final Clock clock;

    public HostRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Inserts a new host; false if the name is taken (or is "local"). */
    public boolean insert(HostRecord h) {
        if (h.name().equals(HostRecord.LOCAL)) return false;
        return db.tx(c -> {
            if (Sql.one(c, "SELECT 1 FROM hosts WHERE name = ?", rs -> 1, h.name()).isPresent()) return false;
            Sql.update(c, """
                    INSERT INTO hosts (name, provider, owner_id, region, size, spot, vm_ids, address, ssh_port, ssh_user,
                        host_key, state, state_reason, idle_since, idle_warned_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    h.name(), h.provider(), h.ownerId(), h.region(), h.size(), h.spot() ? 1 : 0, json(h.ids()),
                    h.address(), h.sshPort(), h.sshUser(), h.hostKey(), h.state(), h.stateReason(), text(h.idleSince()),
                    text(h.idleWarnedAt()), h.createdAt().toString(), clock.instant().toString());
            return true;
        });
    }

    /** Writes what the provider said: ids, address and state. */
    public void update(HostRecord h) {
        db.tx(c -> Sql.update(c, """
                UPDATE hosts SET vm_ids = ?, address = ?, state = ?, state_reason = ?, updated_at = ? WHERE name = ?""",
                json(h.ids()), h.address(), h.state(), h.stateReason(), clock.instant().toString(), h.name()));
    }

    public void setState(String name, String state, String reason) {
        db.tx(c -> Sql.update(c, "UPDATE hosts SET state = ?, state_reason = ?, updated_at = ? WHERE name = ?",
                state, reason, clock.instant().toString(), name));
    }

    /** Records the host key, only if none is recorded yet: a recorded key is never silently replaced. */
    public boolean recordHostKey(String name, String hostKey) {
        return db.tx(c -> Sql.update(c, "UPDATE hosts SET host_key = ? WHERE name = ? AND host_key IS NULL",
                hostKey, name) == 1);
    }

    /** The idle clock: since when no workspace ran, and when the owner was warned. */
    public void setIdle(String name, Instant since, Instant warnedAt) {
        db.tx(c -> Sql.update(c, "UPDATE hosts SET idle_since = ?, idle_warned_at = ? WHERE name = ?",
                text(since), text(warnedAt), name));
    }

    public void delete(String name) {
        db.tx(c -> Sql.update(c, "DELETE FROM hosts WHERE name = ?", name));
    }

    public Optional<HostRecord> byName(String name) {
        return db.read(c -> Sql.one(c, "SELECT * FROM hosts WHERE name = ?", HostRepository::map, name));
    }

    public List<HostRecord> all() {
        return db.read(c -> Sql.list(c, "SELECT * FROM hosts ORDER BY name", HostRepository::map));
    }

    public List<String> names(int limit) {
        return db.read(c -> Sql.list(c, "SELECT name FROM hosts ORDER BY name LIMIT ?", rs -> rs.getString(1), limit));
    }

    /** Host names a learner may place workspaces on (besides "local"). */
    public List<String> assignedTo(String memberId) {
        return db.read(c -> Sql.list(c, "SELECT host FROM host_members WHERE member_id = ? ORDER BY host",
                rs -> rs.getString(1), memberId));
    }

    public List<String> members(String host) {
        return db.read(c -> Sql.list(c, "SELECT member_id FROM host_members WHERE host = ? ORDER BY member_id",
                rs -> rs.getString(1), host));
    }

    public boolean isAssigned(String host, String memberId) {
        return db.read(c -> Sql.one(c, "SELECT 1 FROM host_members WHERE host = ? AND member_id = ?", rs -> 1,
                host, memberId).isPresent());
    }

    /** Assigns a member; false if they already were. */
    public boolean assign(String host, String memberId, String by) {
        return db.tx(c -> Sql.update(c, """
                INSERT OR IGNORE INTO host_members (host, member_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)""",
                host, memberId, by, clock.instant().toString()) == 1);
    }

    public boolean unassign(String host, String memberId) {
        return db.tx(c -> Sql.update(c, "DELETE FROM host_members WHERE host = ? AND member_id = ?", host, memberId) == 1);
    }

    private static HostRecord map(ResultSet rs) throws SQLException {
        return new HostRecord(rs.getString("name"), rs.getString("provider"), rs.getString("owner_id"),
                rs.getString("region"), rs.getString("size"), rs.getInt("spot") == 1, ids(rs.getString("vm_ids")),
                rs.getString("address"), rs.getInt("ssh_port"), rs.getString("ssh_user"), rs.getString("host_key"),
                rs.getString("state"), rs.getString("state_reason"), instant(rs.getString("idle_since")),
                instant(rs.getString("idle_warned_at")), Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")));
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static String json(Map<String, String> ids) {
        try {
            return JSON.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> ids(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
