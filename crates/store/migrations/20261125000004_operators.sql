-- Local operator accounts (SPEC §6 "Actors"): who uses this workspace, in which role, and an
-- optional password (argon2id PHC string) that makes the app open locked.
CREATE TABLE operators (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('candidate', 'training_centre', 'reviewer')),
    password_hash TEXT,
    created_at    TEXT NOT NULL
);
