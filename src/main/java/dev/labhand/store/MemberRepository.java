package dev.labhand.store;

import dev.labhand.tool.Caller;
import dev.labhand.tool.MemberNames;
import java.time.Clock;

/** Members are registered on first use, with the role, language and display name the platform gives. */
public final class MemberRepository implements MemberNames {
    private final Database db;
    private final Clock clock;

    public MemberRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records that {@code caller} was seen now in their channel; inserts the member the first time. */
    public void seen(Caller caller) {
        String now = clock.instant().toString();
        db.tx(c -> {
            Sql.update(c, """
                    INSERT INTO members (id, name, role, locale, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
                        locale = excluded.locale, last_seen = excluded.last_seen""",
                    caller.id(), caller.name(), caller.role().id(), caller.locale().name().toLowerCase(), now, now);
            Sql.update(c, """
                    INSERT INTO sessions (member_id, channel, started_at, last_seen) VALUES (?, ?, ?, ?)
                    ON CONFLICT (member_id, channel) DO UPDATE SET last_seen = excluded.last_seen""",
                    caller.id(), caller.channel(), now, now);
            return null;
        });
    }

    /** The role a member had when last seen (for DMs, which carry no guild roles). */
    public java.util.Optional<dev.labhand.tool.Role> knownRole(String id) {
        return db.read(c -> Sql.one(c, "SELECT role FROM members WHERE id = ?",
                rs -> dev.labhand.tool.Role.parse(rs.getString(1)), id));
    }

    /** The name the platform gave the member when last seen; the id for a member never seen. */
    @Override
    public String nameOf(String id) {
        return db.read(c -> Sql.one(c, "SELECT name FROM members WHERE id = ?", rs -> rs.getString(1), id))
                .filter(name -> !name.isBlank()).orElse(id);
    }

    /** The language a member had when last seen; empty for a member never seen. */
    public java.util.Optional<Caller.Lang> knownLocale(String id) {
        return db.read(c -> Sql.one(c, "SELECT locale FROM members WHERE id = ?", rs -> Caller.Lang.parse(rs.getString(1)), id));
    }

    /** The ids of every member last seen as a learner, in the order they were first seen (a course's roster). */
    public java.util.List<String> learnerIds() {
        return db.read(c -> Sql.list(c, "SELECT id FROM members WHERE role = ? ORDER BY first_seen, id",
                rs -> rs.getString(1), dev.labhand.tool.Role.LEARNER.id()));
    }
}
