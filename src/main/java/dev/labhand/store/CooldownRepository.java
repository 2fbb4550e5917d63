package dev.labhand.store;

import dev.labhand.tool.Cooldowns;
import java.time.Duration;
import java.time.Instant;

/** Cooldowns in SQLite: shared by the bot and every console on the same database. */
public final class CooldownRepository implements Cooldowns {
    private final Database db;

    public CooldownRepository(Database db) {
        this.db = db;
    }

    @Override
    public Duration remaining(String memberId, String tool, Instant now, Duration cooldown) {
        return db.read(c -> Sql.one(c, "SELECT last_run FROM cooldowns WHERE member_id = ? AND tool = ?",
                        rs -> rs.getLong(1), memberId, tool))
                .map(last -> Duration.ofMillis(last + cooldown.toMillis() - now.toEpochMilli()))
                .orElse(Duration.ZERO);
    }

    @Override
    public boolean claim(String memberId, String tool, Instant now, Duration cooldown) {
        long at = now.toEpochMilli();
        return db.tx(c -> Sql.update(c, """
                INSERT INTO cooldowns (member_id, tool, last_run) VALUES (?, ?, ?)
                ON CONFLICT (member_id, tool) DO UPDATE SET last_run = excluded.last_run
                WHERE cooldowns.last_run <= ?""", memberId, tool, at, at - cooldown.toMillis())) == 1;
    }
}
