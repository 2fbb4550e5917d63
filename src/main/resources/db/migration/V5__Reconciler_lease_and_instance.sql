-- Leases: at most one holder of a named job at a time (one reconciler per engine across every process
-- on this database). Taken and renewed with one conditional upsert; expires_at is epoch milliseconds,
-- so a holder that died frees it by itself.
CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- This installation: one id, made once, stamped on every container it creates (label labhand.instance),
-- so that installations sharing a Docker engine never adopt or touch each other's containers.
CREATE TABLE instance (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    id          TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
