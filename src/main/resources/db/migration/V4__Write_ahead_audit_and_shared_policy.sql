-- Write-ahead audit: a call that acts gets a "started" row before it acts and a second row with its
-- outcome afterwards, whose ref is the started row's id. A started row with no outcome row is a call a
-- crash interrupted. Rows stay append-only, so the hash chain is never rewritten.
ALTER TABLE audit ADD COLUMN ref INTEGER;
CREATE INDEX audit_ref ON audit (ref);

-- Cooldowns shared by every process on this database (the bot, a console): when each member last ran
-- each rate-limited tool.
CREATE TABLE cooldowns (
    member_id  TEXT NOT NULL,
    tool       TEXT NOT NULL,
    last_run   INTEGER NOT NULL, -- epoch milliseconds
    PRIMARY KEY (member_id, tool)
);

-- The resources a confirmation was issued for, by id (a workspace's uuid, a host's creation time), so a
-- resource re-created under the same name is never acted on by an old code.
ALTER TABLE confirmations ADD COLUMN resources TEXT NOT NULL DEFAULT '{}';
