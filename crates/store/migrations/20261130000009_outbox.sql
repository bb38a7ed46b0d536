-- Packages waiting to be sent to (or sent to) an intake server. A row, with its idempotency
-- key, is written *before* any network call: a crash while sending re-sends the same key, and
-- the server answers with the first result. One row per profile submission of a candidate.
CREATE TABLE outbox (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id         INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    profile_submitted_at TEXT    NOT NULL,
    idem_key             TEXT    NOT NULL UNIQUE,
    package              BLOB    NOT NULL,
    package_sha256       TEXT    NOT NULL,
    state                TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'accepted', 'refused')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT,
    submission_id        TEXT,
    remote_status        TEXT CHECK (remote_status IN ('received', 'in_review', 'passed', 'failed')),
    remote_issues        TEXT    NOT NULL DEFAULT '[]',
    valid_until          TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    UNIQUE (candidate_id, profile_submitted_at)
);
CREATE INDEX outbox_state ON outbox (state);
CREATE INDEX outbox_submission ON outbox (submission_id);
