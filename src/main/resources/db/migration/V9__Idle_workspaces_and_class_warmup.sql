-- The idle culler's memory of each running workspace: when it was last seen in use (and by which signal),
-- when its owner was warned, and until when the owner asked to keep it ([Keep 1 h]). A restart of the bot
-- neither forgets a warning nor warns twice.
CREATE TABLE workspace_idle (
    workspace_id TEXT PRIMARY KEY,
    active_at    TEXT NOT NULL,
    signal       TEXT NOT NULL DEFAULT '',
    warned_at    TEXT,
    keep_until   TEXT
);

-- Class warm-ups an instructor scheduled (/class prepare): the course VMs to start and the images to pull on
-- each before a lecture. Kept here so a bot restarted in between still runs them.
CREATE TABLE class_warmups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    instructor_id TEXT NOT NULL,
    lang          TEXT NOT NULL,
    run_at        TEXT NOT NULL,
    hosts         TEXT NOT NULL,
    images        TEXT NOT NULL,
    state         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    finished_at   TEXT,
    report        TEXT NOT NULL DEFAULT ''
);
