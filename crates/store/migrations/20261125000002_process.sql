-- The registration process state of each candidate (core::process::ProcessState as JSON).
-- JSON keeps the state machine's evolving shape in one row that is replaced atomically with
-- its audit entry; queries that need a field (status, serial) read it with json_extract.
CREATE TABLE processes (
    candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id) ON DELETE CASCADE,
    state        TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- Proof files of identity corrections, kept by content.
CREATE TABLE correction_proofs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    file_name    TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    created_at   INTEGER NOT NULL
);
