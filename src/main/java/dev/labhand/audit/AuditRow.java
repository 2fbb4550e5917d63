package dev.labhand.audit;

import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of the audit table, as stored. */
public record AuditRow(long id, String time, String callerId, String role, String origin, String tool, String args,
                       String outcome, String detail, String confirmedBy, long micros, String prevHash, String hash) {

    AuditRow withHash(String h) {
        return new AuditRow(id, time, callerId, role, origin, tool, args, outcome, detail, confirmedBy, micros,
                prevHash, h);
    }

    static AuditRow from(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong("id"), rs.getString("time"), rs.getString("caller_id"), rs.getString("role"),
                rs.getString("origin"), rs.getString("tool"), rs.getString("args"), rs.getString("outcome"),
                rs.getString("detail"), rs.getString("confirmed_by"), rs.getLong("micros"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
