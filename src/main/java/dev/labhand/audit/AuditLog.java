package dev.labhand.audit;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.tool.AuditSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The audit table as a hash chain: each row's hash covers its own fields and the previous row's
 * hash, and {@code audit_head} holds the newest row, so an edit, an insertion or a deletion anywhere
 * (the end included) is found by {@link AuditChain#verify}.
 */
public final class AuditLog implements AuditSink {
    private final Database db;

    public AuditLog(Database db) {
        this.db = db;
    }

    @Override
    public void record(Entry e) {
        db.tx(c -> {
            long prevId = 0;
            String prevHash = AuditChain.GENESIS;
            var head = Sql.one(c, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2)});
            if (head.isPresent()) {
                prevId = (Long) head.get()[0];
                prevHash = (String) head.get()[1];
            }
            AuditRow row = new AuditRow(prevId + 1, e.time().toString(), e.callerId(), e.role(), e.origin(), e.tool(),
                    e.argsJson(), e.outcome(), e.detail() == null ? "" : e.detail(), e.confirmedBy(), e.micros(),
                    prevHash, null);
            row = row.withHash(AuditChain.hashOf(row));
            insert(c, row);
            Sql.update(c, """
                    INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, ?, ?)
                    ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash""",
                    row.id(), row.hash());
            return null;
        });
    }

    /** Newest rows first, optionally only one caller's or one tool's. */
    public List<AuditRow> list(String callerId, String tool, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        if (callerId != null) {
            sql.append(" AND caller_id = ?");
            params.add(callerId);
        }
        if (tool != null) {
            sql.append(" AND tool = ?");
            params.add(tool);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return db.tx(c -> Sql.list(c, sql.toString(), AuditRow::from, params.toArray()));
    }

    public AuditChain.Verdict verify() {
        return db.tx(AuditChain::verify);
    }

    private static void insert(Connection c, AuditRow r) throws SQLException {
        Sql.update(c, """
                INSERT INTO audit (id, time, caller_id, role, origin, tool, args, outcome, detail, confirmed_by, micros,
                    prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                r.id(), r.time(), r.callerId(), r.role(), r.origin(), r.tool(), r.args(), r.outcome(), r.detail(),
                r.confirmedBy(), r.micros(), r.prevHash(), r.hash());
    }
}
