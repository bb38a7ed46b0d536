-- Long work (photo folders, roster imports, submissions, package folders) as persisted jobs:
-- each item's result is written as it finishes, so a crash loses at most the items in flight,
-- and a job left 'running' by a dead process is marked 'interrupted' and can be resumed.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    params      TEXT NOT NULL,            -- JSON, the kind's own parameters
    status      TEXT NOT NULL CHECK (status IN
                  ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    total       INTEGER NOT NULL CHECK (total >= 0),
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0),
    error       TEXT,
    operator    TEXT NOT NULL,
    owner_pid   INTEGER,                  -- the process running it (to tell a dead one)
    created_at  INTEGER NOT NULL,         -- Unix milliseconds
    started_at  INTEGER,
    finished_at INTEGER
);

CREATE TABLE job_items (
    job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL CHECK (idx >= 0),
    item_key    TEXT NOT NULL,            -- what the item is (an input file name, an ID number)
    code        INTEGER NOT NULL,         -- 0 ok, 1 refused / not compliant, 2 unreadable
    result      TEXT NOT NULL,            -- JSON, the kind's own typed result
    finished_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, idx)
);

CREATE INDEX jobs_by_status ON jobs (status);
