package dev.labhand.ops.warmup;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.tool.Caller.Lang;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The class warm-ups instructors scheduled (table {@code class_warmups}): read back by every process at its
 * start, so one scheduled before a restart still runs. A warm-up is claimed by one process before it runs.
 */
public final class ClassWarmups {
    /** One scheduled warm-up; {@code state} is scheduled, running or done. */
    public record Warmup(long id, String instructorId, Lang lang, Instant runAt, List<String> hosts,
                         List<String> images, String state, String report) {}

    private final Database db;

    public ClassWarmups(Database db) {
        this.db = db;
    }

    public long schedule(String instructorId, Lang lang, Instant runAt, List<String> hosts, List<String> images,
                         Instant now) {
        return db.tx(c -> {
            Sql.update(c, """
                    INSERT INTO class_warmups (instructor_id, lang, run_at, hosts, images, state, created_at)
                    VALUES (?, ?, ?, ?, ?, 'scheduled', ?)""", instructorId, lang.name(), runAt.toString(),
                    String.join(",", hosts), String.join(",", images), now.toString());
            return Sql.one(c, "SELECT last_insert_rowid()", rs -> rs.getLong(1)).orElseThrow();
        });
    }

    /** Scheduled warm-ups whose time has come, oldest first. */
    public List<Warmup> due(Instant now) {
        return scheduled().stream().filter(w -> !w.runAt().isAfter(now)).toList();
    }

    public List<Warmup> scheduled() {
        return db.read(c -> Sql.list(c, "SELECT * FROM class_warmups WHERE state = 'scheduled' ORDER BY run_at, id",
                ClassWarmups::map));
    }

    public java.util.Optional<Warmup> byId(long id) {
        return db.read(c -> Sql.one(c, "SELECT * FROM class_warmups WHERE id = ?", ClassWarmups::map, id));
    }

    /** Takes a due warm-up for this process; false when another took it first. */
    public boolean claim(long id) {
        return db.tx(c -> Sql.update(c, "UPDATE class_warmups SET state = 'running' WHERE id = ? AND state = 'scheduled'", id) == 1);
    }

    public void finish(long id, String report, Instant now) {
        db.tx(c -> Sql.update(c, "UPDATE class_warmups SET state = 'done', report = ?, finished_at = ? WHERE id = ?",
                report, now.toString(), id));
    }

    private static Warmup map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Warmup(rs.getLong("id"), rs.getString("instructor_id"), Lang.valueOf(rs.getString("lang")),
                Instant.parse(rs.getString("run_at")), split(rs.getString("hosts")), split(rs.getString("images")),
                rs.getString("state"), rs.getString("report"));
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(",")).filter(x -> !x.isBlank()).toList();
    }
}
