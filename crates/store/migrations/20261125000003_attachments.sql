-- The processed files of each candidate's upload slots (photo, id_front, diploma, work_proof):
-- the exact JPEG bytes that go into packages, their SHA-256, and the engine's report (JSON).
CREATE TABLE attachments (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    slot         TEXT    NOT NULL CHECK (slot IN ('id_front', 'diploma', 'photo', 'work_proof')),
    source_name  TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    sha256       TEXT    NOT NULL,
    report       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, slot)
);
