package dev.labhand.audit;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of the audit table, as stored.
 *
 * @param ref for an outcome row of a call that acted, the id of its "started" row; otherwise null
 */
public record AuditRow(long id, String time, String callerId, String role, String origin, String tool, String args,
                       String outcome, String detail, String confirmedBy, long micros, Long ref, String prevHash,
                       String hash) {

    /** The outcome a call's first row carries until its second row says how it ended. */
    public static final String STARTED = "started";
    /** The outcome written for a started call that a crash interrupted. */
    public static final String INTERRUPTED = "interrupted";

    AuditRow withHash(String h) {
        return new AuditRow(id, time, callerId, role, origin, tool, args, outcome, detail, confirmedBy, micros, ref,
                prevHash, h);
    }

    AuditRow withId(long newId) {
        return new AuditRow(newId, time, callerId, role, origin, tool, args, outcome, detail, confirmedBy, micros, ref,
                prevHash, hash);
    }

    static AuditRow from(ResultSet rs) throws SQLException {
        long refId = rs.getLong("ref");
        Long ref = rs.wasNull() ? null : refId;
        return new AuditRow(rs.getLong("id"), rs.getString("time"), rs.getString("caller_id"), rs.getString("role"),
                rs.getString("origin"), rs.getString("tool"), rs.getString("args"), rs.getString("outcome"),
                rs.getString("detail"), rs.getString("confirmed_by"), rs.getLong("micros"), ref,
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
