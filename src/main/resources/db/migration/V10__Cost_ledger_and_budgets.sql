-- What VMs and hosts cost, attributed to the members using them, per UTC day. Each tick adds the interval
-- since the cursor to these rows and moves the cursor in the same transaction: a restart neither counts an
-- interval twice nor leaves one out. Amounts are USD at the prices of the moment they accrued.
CREATE TABLE cost_ledger (
    day            TEXT NOT NULL,             -- yyyy-mm-dd, UTC
    member_id      TEXT NOT NULL,
    host           TEXT NOT NULL,
    hours          REAL NOT NULL DEFAULT 0,   -- the member's share of the host's hours
    usd            REAL NOT NULL DEFAULT 0,   -- at the price the host is billed (spot or on-demand)
    on_demand_usd  REAL NOT NULL DEFAULT 0,   -- the same hours on demand (the teaching line)
    spot_usd       REAL NOT NULL DEFAULT 0,   -- the same hours as spot
    PRIMARY KEY (day, member_id, host)
);

-- How far the ledger has accrued (one row).
CREATE TABLE cost_cursor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    accrued_to  TEXT NOT NULL
);

-- What instructors granted a member beyond the configured budget (budget.grant).
CREATE TABLE budget_grants (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id   TEXT NOT NULL,
    usd         REAL NOT NULL,
    granted_by  TEXT NOT NULL,
    granted_at  TEXT NOT NULL
);

-- Budget alerts already sent: once per scope (class or a member), threshold and budget amount.
CREATE TABLE budget_alerts (
    scope       TEXT NOT NULL,
    threshold   INTEGER NOT NULL,
    budget_usd  TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (scope, threshold, budget_usd)
);

-- /healthz proves the database takes writes by writing here.
CREATE TABLE health_probe (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    at   TEXT NOT NULL
);
