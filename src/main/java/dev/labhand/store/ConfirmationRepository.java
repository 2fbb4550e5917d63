package dev.labhand.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labhand.tool.PendingConfirmations;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Pending confirmations in SQLite; a code is claimed by a conditional update, so it works once. */
public final class ConfirmationRepository implements PendingConfirmations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;

    public ConfirmationRepository(Database db) {
        this.db = db;
    }

    @Override
    public void save(Pending p) {
        String args = write(p.args());
        String resources = write(p.resources());
        db.tx(c -> Sql.update(c, """
                INSERT INTO confirmations (code, caller_id, tool, args, args_hash, resources, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                p.code(), p.callerId(), p.tool(), args, p.argsHash(), resources, p.expiresAt().toString()));
    }

    @Override
    public Optional<Pending> find(String code) {
        return db.read(c -> Sql.one(c, "SELECT * FROM confirmations WHERE code = ?", rs -> new Pending(
                rs.getString("code"), rs.getString("caller_id"), rs.getString("tool"), read(rs.getString("args")),
                rs.getString("args_hash"), read(rs.getString("resources")), Instant.parse(rs.getString("expires_at")), rs.getString("used_at") != null),
                code));
    }

    @Override
    public boolean claim(String code, Instant now) {
        return db.tx(c -> Sql.update(c, "UPDATE confirmations SET used_at = ? WHERE code = ? AND used_at IS NULL",
                now.toString(), code)) == 1;
    }

    @Override
    public void release(String code) {
        db.tx(c -> Sql.update(c, "UPDATE confirmations SET used_at = NULL WHERE code = ?", code));
    }

    private static String write(Map<String, String> args) {
        try {
            return JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
