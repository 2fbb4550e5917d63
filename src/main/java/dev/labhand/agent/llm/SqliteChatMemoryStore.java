package dev.labhand.agent.llm;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.tool.Caller;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Chat memory in SQLite, one row per member and channel ({@code chat_memory}). The memory id is always
 * a {@link Key} built from the platform's caller, so a conversation can never be addressed by text a
 * model wrote. The window itself ({@code memoryMessages}) is kept by langchain4j's
 * {@code MessageWindowChatMemory}; this class only stores what it is given.
 */
public final class SqliteChatMemoryStore implements ChatMemoryStore {
    private final Database db;
    private final Clock clock;

    /** Whose conversation, where. */
    public record Key(String memberId, String channel) {
        public Key {
            Objects.requireNonNull(memberId, "memberId");
            channel = channel == null ? "" : channel;
        }

        public static Key of(Caller caller) {
            return new Key(caller.id(), caller.channel());
        }
    }

    public SqliteChatMemoryStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        Key key = key(memoryId);
        return db.read(c -> Sql.one(c, "SELECT messages FROM chat_memory WHERE member_id = ? AND channel = ?",
                rs -> rs.getString(1), key.memberId(), key.channel()))
                .map(ChatMessageDeserializer::messagesFromJson)
                .orElseGet(List::of);
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        Key key = key(memoryId);
        String json = ChatMessageSerializer.messagesToJson(messages);
        db.tx(c -> Sql.update(c, """
                INSERT INTO chat_memory (member_id, channel, messages, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (member_id, channel) DO UPDATE SET messages = excluded.messages,
                    updated_at = excluded.updated_at""",
                key.memberId(), key.channel(), json, clock.instant().toString()));
    }

    @Override
    public void deleteMessages(Object memoryId) {
        Key key = key(memoryId);
        db.tx(c -> Sql.update(c, "DELETE FROM chat_memory WHERE member_id = ? AND channel = ?",
                key.memberId(), key.channel()));
    }

    private static Key key(Object memoryId) {
        if (memoryId instanceof Key k) return k;
        // langchain4j's "default" memory id or anything else means a wiring mistake, not a conversation.
        throw new IllegalArgumentException("chat memory id must be a member and channel, not " + memoryId);
    }
}
