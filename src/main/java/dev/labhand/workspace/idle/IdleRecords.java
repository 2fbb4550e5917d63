package dev.labhand.workspace.idle;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the idle culler remembers of each workspace (table {@code workspace_idle}), shared by every process on
 * the database: when it was last in use, when its owner was warned, and until when it is kept on request.
 */
public final class IdleRecords {
    /**
     * @param activeAt  the last time a signal said the workspace was in use (or it started)
     * @param signal    which signal that was: ide, cpu, gpu, start, keep
     * @param warnedAt  when the owner was warned of the stop; null while not warned
     * @param keepUntil the owner's [Keep 1 h]: no stop before this; null when not asked
     */
    public record Idle(String workspaceId, Instant activeAt, String signal, Instant warnedAt, Instant keepUntil) {}

    private final Database db;

    public IdleRecords(Database db) {
        this.db = db;
    }

    /** Every workspace's row, by workspace id: one read per pass. */
    public Map<String, Idle> all() {
        Map<String, Idle> out = new HashMap<>();
        db.read(c -> Sql.list(c, "SELECT * FROM workspace_idle", IdleRecords::map)).forEach(i -> out.put(i.workspaceId(), i));
        return out;
    }

    public Optional<Idle> of(String workspaceId) {
        return db.read(c -> Sql.one(c, "SELECT * FROM workspace_idle WHERE workspace_id = ?", IdleRecords::map, workspaceId));
    }

    /** In use now (by {@code signal}): any warning is withdrawn; a keep request stays. */
    public void active(String workspaceId, Instant at, String signal) {
        db.tx(c -> Sql.update(c, """
                INSERT INTO workspace_idle (workspace_id, active_at, signal) VALUES (?, ?, ?)
                ON CONFLICT (workspace_id) DO UPDATE SET active_at = excluded.active_at, signal = excluded.signal,
                    warned_at = NULL""", workspaceId, at.toString(), signal));
    }

    /** Workspaces first seen running: their count starts {@code at}, in one transaction. */
    public void started(java.util.Collection<String> workspaceIds, Instant at) {
        if (workspaceIds.isEmpty()) return;
        db.tx(c -> {
            for (String id : workspaceIds) {
                Sql.update(c, "INSERT INTO workspace_idle (workspace_id, active_at, signal) VALUES (?, ?, 'start') "
                        + "ON CONFLICT (workspace_id) DO NOTHING", id, at.toString());
            }
            return null;
        });
    }

    public void warned(String workspaceId, Instant at) {
        db.tx(c -> Sql.update(c, "UPDATE workspace_idle SET warned_at = ? WHERE workspace_id = ?", at.toString(), workspaceId));
    }

    /** The owner asked to keep it until {@code until}: counted as in use now, the warning withdrawn. */
    public void keep(String workspaceId, Instant now, Instant until) {
        db.tx(c -> Sql.update(c, """
                INSERT INTO workspace_idle (workspace_id, active_at, signal, keep_until) VALUES (?, ?, 'keep', ?)
                ON CONFLICT (workspace_id) DO UPDATE SET active_at = excluded.active_at, signal = 'keep',
                    warned_at = NULL, keep_until = excluded.keep_until""", workspaceId, now.toString(), until.toString()));
    }

    /** Forgets the workspace (it stopped or was removed): the next start begins a fresh count. */
    public void forget(String workspaceId) {
        db.tx(c -> Sql.update(c, "DELETE FROM workspace_idle WHERE workspace_id = ?", workspaceId));
    }

    private static Idle map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Idle(rs.getString("workspace_id"), Instant.parse(rs.getString("active_at")), rs.getString("signal"),
                instant(rs.getString("warned_at")), instant(rs.getString("keep_until")));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
