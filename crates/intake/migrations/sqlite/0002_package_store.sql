-- Package bytes move to the package store (a folder or S3, under their SHA-256): `package`
-- becomes optional (old rows keep theirs until `regdesk-intake migrate-blobs`). SQLite cannot
-- drop NOT NULL in place, so the table is rebuilt with the same columns in the same order.
CREATE TABLE submissions_next (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    id_number TEXT NOT NULL,
    package_sha256 TEXT NOT NULL,
    package BLOB,
    package_bytes INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'in_review', 'passed', 'failed')),
    issues TEXT NOT NULL DEFAULT '[]',
    valid_until TEXT,
    decided_at TEXT,
    received_at TEXT NOT NULL,
    seq INTEGER NOT NULL UNIQUE,
    UNIQUE (org, idem_key)
);
INSERT INTO submissions_next SELECT * FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_next RENAME TO submissions;
CREATE INDEX submissions_org_seq ON submissions (org, seq);
CREATE INDEX submissions_sha256 ON submissions (package_sha256);
