-- Candidates: the five registration fields (immutable after registration except through an
-- audited correction) and timestamps in Unix milliseconds.
CREATE TABLE candidates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    gender      TEXT    NOT NULL CHECK (gender IN ('male', 'female')),
    id_number   TEXT    NOT NULL UNIQUE,
    mobile      TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Audit log: every change, who made it, when, and the values before and after (JSON).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_key  TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    reason      TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_key);

-- Small key/value settings the app remembers (UI language, …).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
