-- Whether each remote host answered the last time anyone asked (a call or the periodic probe), since
-- when, and why not. Calls to a host known to be unreachable fail at once instead of waiting out a timeout.
CREATE TABLE host_health (
    host        TEXT PRIMARY KEY,
    reachable   INTEGER NOT NULL,
    since       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    checked_at  TEXT NOT NULL
);
