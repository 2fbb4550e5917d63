-- Members of the course as the platform reports them.
CREATE TABLE members (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    locale      TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);

-- A member's conversation in one channel (chat memory joins here later).
CREATE TABLE sessions (
    member_id   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    PRIMARY KEY (member_id, channel)
);

-- Workspaces: the store's side of a labelled container.
CREATE TABLE workspaces (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    owner_id      TEXT NOT NULL,
    template      TEXT NOT NULL,
    host          TEXT NOT NULL DEFAULT 'local',
    container_id  TEXT,
    status        TEXT NOT NULL,
    ports         TEXT NOT NULL DEFAULT '{}',
    secret        TEXT,
    created_at    TEXT NOT NULL,
    last_activity TEXT NOT NULL
);
CREATE INDEX workspaces_owner ON workspaces (owner_id);

-- Confirmations for risky tools: single use, expiring, bound to caller, tool and arguments.
CREATE TABLE confirmations (
    code        TEXT PRIMARY KEY,
    caller_id   TEXT NOT NULL,
    tool        TEXT NOT NULL,
    args        TEXT NOT NULL,
    args_hash   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);

-- The audit log: one row per tool call, each carrying the previous row's hash.
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    time          TEXT NOT NULL,
    caller_id     TEXT NOT NULL,
    role          TEXT NOT NULL,
    origin        TEXT NOT NULL,
    tool          TEXT NOT NULL,
    args          TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    detail        TEXT NOT NULL,
    confirmed_by  TEXT,
    micros        INTEGER NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);

-- The newest audit row's id and hash, so that deleting rows from the end is noticed too.
CREATE TABLE audit_head (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id     INTEGER NOT NULL,
    last_hash   TEXT NOT NULL
);
