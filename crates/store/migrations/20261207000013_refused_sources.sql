-- A matched photo the engine refused at roster import, kept as the clerk's file was (not the
-- made JPEG) with the engine's report, so the candidate's photo slot opens it in the crop
-- editor with the reason. One per slot: a later refusal replaces it, a stored file removes it.
CREATE TABLE refused_sources (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    slot         TEXT    NOT NULL CHECK (slot IN ('id_front', 'diploma', 'photo', 'work_proof')),
    source_name  TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    report       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, slot)
);
