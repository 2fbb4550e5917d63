-- Members' own SSH public keys (never a private key: a generated pair's private half is sent once and dropped).
CREATE TABLE member_keys (
    member_id    TEXT PRIMARY KEY,
    key_line     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    generated    INTEGER NOT NULL DEFAULT 0,
    set_at       TEXT NOT NULL
);

-- Linux accounts Labhand made for members on hosts. A revoked account keeps its row (and its files on the host);
-- its user name stays taken by that member, so a name is never handed to someone else.
CREATE TABLE host_accounts (
    host         TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    docker       INTEGER NOT NULL DEFAULT 0,
    sudo         INTEGER NOT NULL DEFAULT 0,
    fingerprint  TEXT,
    granted_by   TEXT NOT NULL,
    granted_at   TEXT NOT NULL,
    revoked_by   TEXT,
    revoked_at   TEXT,
    PRIMARY KEY (host, member_id),
    UNIQUE (host, user_name)
);
