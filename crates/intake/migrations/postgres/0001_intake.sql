-- Tokens are stored as SHA-256 hashes only; the token itself is printed once.
CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    org TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('submitter', 'reviewer', 'admin')),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- One row per accepted package. (org, idem_key) is what makes a retried POST return the
-- first result; seq orders changes for the `since` cursor (assigned under an advisory
-- transaction lock, so commit order equals seq order and a reader never skips one).
CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    id_number TEXT NOT NULL,
    package_sha256 TEXT NOT NULL,
    package BYTEA NOT NULL,
    package_bytes BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'in_review', 'passed', 'failed')),
    issues TEXT NOT NULL DEFAULT '[]',
    valid_until TEXT,
    decided_at TEXT,
    received_at TEXT NOT NULL,
    seq BIGINT NOT NULL UNIQUE,
    UNIQUE (org, idem_key)
);
CREATE INDEX submissions_org_seq ON submissions (org, seq);
