-- Docker hosts beside the local engine: cloud VMs Labhand created (azure, aws) and SSH hosts an
-- instructor registered (ssh). "local" is implicit and never stored.
CREATE TABLE hosts (
    name            TEXT PRIMARY KEY,
    provider        TEXT NOT NULL,
    owner_id        TEXT NOT NULL,
    region          TEXT,
    size            TEXT,
    spot            INTEGER NOT NULL DEFAULT 0,
    vm_ids          TEXT NOT NULL DEFAULT '{}',
    address         TEXT,
    ssh_port        INTEGER NOT NULL DEFAULT 22,
    ssh_user        TEXT,
    host_key        TEXT,
    state           TEXT NOT NULL,
    state_reason    TEXT,
    idle_since      TEXT,
    idle_warned_at  TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Which learners may place workspaces on which host.
CREATE TABLE host_members (
    host         TEXT NOT NULL REFERENCES hosts (name) ON DELETE CASCADE,
    member_id    TEXT NOT NULL,
    assigned_by  TEXT NOT NULL,
    assigned_at  TEXT NOT NULL,
    PRIMARY KEY (host, member_id)
);
