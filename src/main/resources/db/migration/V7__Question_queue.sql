-- The instructor's desk: questions the course notes could not answer, or that a learner put to the
-- instructor, until an instructor answers them. Question, checkup and answer are stored redacted.
CREATE TABLE questions (
    id               INTEGER PRIMARY KEY,
    asker_id         TEXT NOT NULL,
    asker_name       TEXT NOT NULL,
    locale           TEXT NOT NULL,
    source           TEXT NOT NULL,
    question         TEXT NOT NULL,
    checkup          TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    claimed_by       TEXT,
    claimed_by_name  TEXT,
    claimed_at       TEXT,
    first_answer_at  TEXT,
    answered_by      TEXT,
    answered_by_name TEXT,
    answered_at      TEXT,
    answer           TEXT,
    draft            TEXT
);
CREATE INDEX questions_status ON questions (status, created_at);
CREATE INDEX questions_asker ON questions (asker_id);
