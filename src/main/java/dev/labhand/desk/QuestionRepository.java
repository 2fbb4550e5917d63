package dev.labhand.desk;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.tool.Caller.Lang;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code questions} table (migration V7). Status changes are conditional updates, so two instructors never both win. */
final class QuestionRepository {
    private final Database db;

    QuestionRepository(Database db) {
        this.db = db;
    }

    long insert(String askerId, String askerName, Lang lang, String source, String question, String checkup,
                Instant at, Instant firstAnswerAt) {
        return db.tx(c -> {
            Sql.update(c, """
                    INSERT INTO questions (asker_id, asker_name, locale, source, question, checkup, status, created_at,
                        first_answer_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    askerId, askerName, lang.name().toLowerCase(), source, question, checkup, Question.OPEN,
                    at.toString(), firstAnswerAt == null ? null : firstAnswerAt.toString());
            return Sql.one(c, "SELECT last_insert_rowid()", rs -> rs.getLong(1)).orElseThrow();
        });
    }

    Optional<Question> byId(long id) {
        return db.read(c -> Sql.one(c, "SELECT * FROM questions WHERE id = ?", QuestionRepository::map, id));
    }

    /** An unanswered question of this asker with exactly this text: asking twice queues once. */
    Optional<Question> unansweredSame(String askerId, String question) {
        return db.read(c -> Sql.one(c, "SELECT * FROM questions WHERE asker_id = ? AND question = ? AND status <> ?",
                QuestionRepository::map, askerId, question, Question.ANSWERED));
    }

    /** Open and claimed questions, oldest first. */
    List<Question> unanswered(int limit) {
        return db.read(c -> Sql.list(c, "SELECT * FROM questions WHERE status <> ? ORDER BY created_at, id LIMIT ?",
                QuestionRepository::map, Question.ANSWERED, limit));
    }

    List<Question> askedBy(String askerId, int limit) {
        return db.read(c -> Sql.list(c, "SELECT * FROM questions WHERE asker_id = ? ORDER BY id DESC LIMIT ?",
                QuestionRepository::map, askerId, limit));
    }

    List<Question> createdSince(Instant since) {
        return db.read(c -> Sql.list(c, "SELECT * FROM questions WHERE created_at >= ? ORDER BY created_at",
                QuestionRepository::map, since.toString()));
    }

    /** Claims an open question (or one this instructor claimed); false when someone else holds it or it is answered. */
    boolean claim(long id, String by, String byName, Instant at) {
        return db.tx(c -> Sql.update(c, """
                UPDATE questions SET status = ?, claimed_by = ?, claimed_by_name = ?, claimed_at = COALESCE(claimed_at, ?)
                WHERE id = ? AND (status = ? OR (status = ? AND claimed_by = ?))""",
                Question.CLAIMED, by, byName, at.toString(), id, Question.OPEN, Question.CLAIMED, by) == 1);
    }

    /** Closes an unanswered question with this answer; false when it was answered already. */
    boolean answer(long id, String by, String byName, String answer, Instant at) {
        return db.tx(c -> Sql.update(c, """
                UPDATE questions SET status = ?, answered_by = ?, answered_by_name = ?, answered_at = ?, answer = ?,
                    first_answer_at = COALESCE(first_answer_at, ?)
                WHERE id = ? AND status <> ?""",
                Question.ANSWERED, by, byName, at.toString(), answer, at.toString(), id, Question.ANSWERED) == 1);
    }

    /** An answer reached the member in the channel: their unanswered questions got their first answer now. */
    int firstAnswered(String askerId, Instant at) {
        return db.tx(c -> Sql.update(c, """
                UPDATE questions SET first_answer_at = ? WHERE asker_id = ? AND status <> ? AND first_answer_at IS NULL""",
                at.toString(), askerId, Question.ANSWERED));
    }

    /** Keeps the newest draft answer to a question; {@code queue.answer} without text sends it. */
    void saveDraft(long id, String draft) {
        db.tx(c -> Sql.update(c, "UPDATE questions SET draft = ? WHERE id = ?", draft, id));
    }

    Optional<String> draft(long id) {
        return db.read(c -> Sql.one(c, "SELECT draft FROM questions WHERE id = ? AND draft IS NOT NULL",
                rs -> rs.getString(1), id));
    }

    /** Members last seen with this role (instructors to notify). */
    List<String> membersWithRole(String role) {
        return db.read(c -> Sql.list(c, "SELECT id FROM members WHERE role = ? ORDER BY id", rs -> rs.getString(1), role));
    }

    /** The display name a member had when last seen. */
    Optional<String> memberName(String id) {
        return db.read(c -> Sql.one(c, "SELECT name FROM members WHERE id = ?", rs -> rs.getString(1), id));
    }

    /** The language a member had when last seen. */
    Optional<Lang> memberLocale(String id) {
        return db.read(c -> Sql.one(c, "SELECT locale FROM members WHERE id = ?", rs -> Lang.parse(rs.getString(1)), id));
    }

    /** A member's role and when they were last seen, for the member overview. */
    Optional<String[]> memberRoleAndLastSeen(String id) {
        return db.read(c -> Sql.one(c, "SELECT role, last_seen FROM members WHERE id = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, id));
    }

    private static Question map(ResultSet rs) throws SQLException {
        return new Question(rs.getLong("id"), rs.getString("asker_id"), rs.getString("asker_name"),
                Lang.parse(rs.getString("locale")), rs.getString("source"), rs.getString("question"),
                rs.getString("checkup"), rs.getString("status"), instant(rs, "created_at"),
                rs.getString("claimed_by"), rs.getString("claimed_by_name"), instant(rs, "claimed_at"),
                instant(rs, "first_answer_at"), rs.getString("answered_by"), rs.getString("answered_by_name"),
                instant(rs, "answered_at"), rs.getString("answer"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : Instant.parse(v);
    }
}
