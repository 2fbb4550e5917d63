-- The language model's view of one member's conversation in one channel: a window of messages,
-- serialised by langchain4j (ChatMessageSerializer). Secrets never reach it: tool results that hold a
-- secret are replaced by a neutral sentence before the model (and so this table) sees them.
CREATE TABLE chat_memory (
    member_id   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    messages    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (member_id, channel)
);

-- One row per call of the language model: who caused it, which model, tokens in and out, and how
-- many tool calls the model asked for in that response.
CREATE TABLE llm_usage (
    id             INTEGER PRIMARY KEY,
    time           TEXT NOT NULL,
    member_id      TEXT NOT NULL,
    channel        TEXT NOT NULL,
    model          TEXT NOT NULL,
    input_tokens   INTEGER NOT NULL,
    output_tokens  INTEGER NOT NULL,
    tool_calls     INTEGER NOT NULL
);
CREATE INDEX llm_usage_member ON llm_usage (member_id, time);
