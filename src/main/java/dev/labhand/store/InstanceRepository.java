package dev.labhand.store;

import java.time.Clock;
import java.util.UUID;

/** This installation's id: made once, on first use, and the same for every process on this database. */
public final class InstanceRepository {
    private final Database db;
    private final Clock clock;

    public InstanceRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public String id() {
        return db.tx(c -> {
            // two processes starting on a new database at once: the first insert wins, both read it
            Sql.update(c, "INSERT OR IGNORE INTO instance (singleton, id, created_at) VALUES (1, ?, ?)",
                    UUID.randomUUID().toString(), clock.instant().toString());
            return Sql.one(c, "SELECT id FROM instance WHERE singleton = 1", rs -> rs.getString(1)).orElseThrow();
        });
    }
}
