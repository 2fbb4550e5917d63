package dev.labhand.audit;

import dev.labhand.store.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/** Hashing and checking the audit chain. */
public final class AuditChain {
    static final String GENESIS = "0".repeat(64);

    /**
     * The result of a check.
     *
     * @param badRow the first row that is wrong or missing (0 when all is well)
     */
    public record Verdict(boolean ok, long rows, long badRow, String reason) {
        static Verdict good(long rows) {
            return new Verdict(true, rows, 0, "");
        }

        static Verdict bad(long rows, long badRow, String reason) {
            return new Verdict(false, rows, badRow, reason);
        }
    }

    private AuditChain() {}

    /** SHA-256 over the previous hash and every field, each length-prefixed so fields cannot run together. */
    static String hashOf(AuditRow r) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String field : new String[] {r.prevHash(), Long.toString(r.id()), r.time(), r.callerId(), r.role(),
                    r.origin(), r.tool(), r.args(), r.outcome(), r.detail(), r.confirmedBy() == null ? "\0" : r.confirmedBy(),
                    Long.toString(r.micros())}) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(b);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Verdict verify(Connection c) throws SQLException {
        long expectedId = 1;
        String prevHash = GENESIS;
        long checked = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM audit ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                AuditRow r = AuditRow.from(rs);
                if (r.id() != expectedId) {
                    return r.id() > expectedId
                            ? Verdict.bad(checked, expectedId, "row " + expectedId + " is missing (next row is " + r.id() + ")")
                            : Verdict.bad(checked, r.id(), "row " + r.id() + " is out of order");
                }
                if (!r.prevHash().equals(prevHash)) {
                    return Verdict.bad(checked, r.id(), "row " + r.id() + " does not follow the row before it");
                }
                if (!hashOf(r).equals(r.hash())) {
                    return Verdict.bad(checked, r.id(), "row " + r.id() + " was altered: its contents do not match its hash");
                }
                prevHash = r.hash();
                expectedId++;
                checked++;
            }
        }
        Optional<Object[]> head = Sql.one(c, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
                rs -> new Object[] {rs.getLong(1), rs.getString(2)});
        long lastId = head.map(h -> (Long) h[0]).orElse(0L);
        String lastHash = head.map(h -> (String) h[1]).orElse(GENESIS);
        if (lastId != checked) {
            return lastId > checked
                    ? Verdict.bad(checked, checked + 1, "row " + (checked + 1) + " is missing: the log ends early (head is row " + lastId + ")")
                    : Verdict.bad(checked, lastId + 1, "row " + (lastId + 1) + " was added outside the chain");
        }
        if (!lastHash.equals(prevHash)) {
            return Verdict.bad(checked, checked, "row " + checked + " does not match the recorded head");
        }
        return Verdict.good(checked);
    }
}
