-- The desk shows who a package is about without reopening it, and remembers which intake
-- submission a pulled package came from, so a decision can be pushed back once (not twice).
ALTER TABLE review_packages ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE review_packages ADD COLUMN submission_id TEXT;

CREATE TABLE review_pushes (
    decision_id   TEXT    PRIMARY KEY,
    submission_id TEXT    NOT NULL,
    pushed_at     INTEGER NOT NULL
);
