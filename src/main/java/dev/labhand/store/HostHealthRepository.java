package dev.labhand.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each remote host's last known reachability, shared by every process on the database: a host one process
 * found down is answered as down by the others too, until a probe or a call reaches it again.
 */
public final class HostHealthRepository {
    /** What is known of one host: reachable or not, since when, why not, and when it was last checked. */
    public record Health(String host, boolean reachable, Instant since, String reason, Instant checkedAt) {}

    private final Database db;

    public HostHealthRepository(Database db) {
        this.db = db;
    }

    /** Records a check; {@code since} moves only when the answer changes. Returns the previous state. */
    public Optional<Health> record(String host, boolean reachable, String reason, Instant now) {
        return db.tx(c -> {
            Optional<Health> before = Sql.one(c, "SELECT * FROM host_health WHERE host = ?", HostHealthRepository::map, host);
            String since = before.filter(b -> b.reachable() == reachable).map(b -> b.since().toString())
                    .orElse(now.toString());
            Sql.update(c, """
                    INSERT INTO host_health (host, reachable, since, reason, checked_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (host) DO UPDATE SET reachable = excluded.reachable, since = excluded.since,
                        reason = excluded.reason, checked_at = excluded.checked_at""",
                    host, reachable ? 1 : 0, since, reachable ? "" : reason, now.toString());
            return before;
        });
    }

    public Optional<Health> of(String host) {
        return db.read(c -> Sql.one(c, "SELECT * FROM host_health WHERE host = ?", HostHealthRepository::map, host));
    }

    public List<Health> all() {
        return db.read(c -> Sql.list(c, "SELECT * FROM host_health ORDER BY host", HostHealthRepository::map));
    }

    public void forget(String host) {
        db.tx(c -> Sql.update(c, "DELETE FROM host_health WHERE host = ?", host));
    }

    private static Health map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Health(rs.getString("host"), rs.getInt("reachable") == 1, Instant.parse(rs.getString("since")),
                rs.getString("reason"), Instant.parse(rs.getString("checked_at")));
    }
}
