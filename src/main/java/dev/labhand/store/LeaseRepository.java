package dev.labhand.store;

import java.time.Clock;
import java.time.Duration;

/**
 * Named leases shared by every process on this database: at most one holder at a time, until it
 * releases the lease or it expires (a holder that died frees it by itself).
 */
public final class LeaseRepository {
    private final Database db;
    private final Clock clock;

    public LeaseRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Takes (or renews) {@code name} for {@code holder} for {@code ttl}: one conditional upsert, so two
     * processes racing for it cannot both win. False if someone else holds it and it has not expired.
     */
    public boolean take(String name, String holder, Duration ttl) {
        long now = clock.millis();
        return db.tx(c -> Sql.update(c, """
                INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE leases.holder = excluded.holder OR leases.expires_at <= ?""",
                name, holder, now + ttl.toMillis(), now) == 1);
    }

    /** Gives the lease up, if {@code holder} still holds it. */
    public void release(String name, String holder) {
        db.tx(c -> Sql.update(c, "DELETE FROM leases WHERE name = ? AND holder = ?", name, holder));
    }
}
