package dev.labhand.agent.llm;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import java.time.Instant;
import java.util.List;

/** The {@code llm_usage} table: one row per call of the language model, for cost reports and quotas. */
public final class TokenUsageRepository {
    private final Database db;

    /** One model call as recorded. */
    public record Row(long id, Instant time, String memberId, String channel, String model, int inputTokens,
                      int outputTokens, int toolCalls) {}

    public TokenUsageRepository(Database db) {
        this.db = db;
    }

    public void record(Instant time, String memberId, String channel, String model, int inputTokens,
                       int outputTokens, int toolCalls) {
        db.tx(c -> Sql.update(c, """
                INSERT INTO llm_usage (time, member_id, channel, model, input_tokens, output_tokens, tool_calls)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                time.toString(), memberId, channel == null ? "" : channel, model, inputTokens, outputTokens,
                toolCalls));
    }

    /** Newest first. */
    public List<Row> forMember(String memberId, int limit) {
        return db.read(c -> Sql.list(c, "SELECT * FROM llm_usage WHERE member_id = ? ORDER BY id DESC LIMIT ?",
                rs -> new Row(rs.getLong("id"), Instant.parse(rs.getString("time")), rs.getString("member_id"),
                        rs.getString("channel"), rs.getString("model"), rs.getInt("input_tokens"),
                        rs.getInt("output_tokens"), rs.getInt("tool_calls")),
                memberId, limit));
    }
}
