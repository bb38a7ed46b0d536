-- The reviewer's desk: packages opened (their bytes, what verifying and the checks found).
CREATE TABLE review_packages (
    sha256     TEXT    PRIMARY KEY,
    id_number  TEXT    NOT NULL,
    file       TEXT    NOT NULL,
    signer     TEXT,
    signature  TEXT    NOT NULL,
    issues     TEXT    NOT NULL,
    package    BLOB    NOT NULL,
    opened_at  INTEGER NOT NULL
);

-- Signed decision records, append-only, keyed by the hash of their content: importing the same
-- record again changes nothing, and records from several reviewers merge in any order.
CREATE TABLE decisions (
    id             TEXT    PRIMARY KEY,
    package_sha256 TEXT    NOT NULL,
    id_number      TEXT    NOT NULL,
    record         TEXT    NOT NULL,
    received_at    INTEGER NOT NULL
);
CREATE INDEX decisions_package ON decisions (package_sha256);

-- Every package this workspace exported or queued, so a decision can tell whether it is about
-- the candidate's current package or one they have since replaced.
CREATE TABLE exported_packages (
    sha256       TEXT    PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    exported_at  INTEGER NOT NULL
);
