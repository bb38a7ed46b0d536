-- What a roster says a candidate will register for (item, intended region, certificate
-- collection), kept until the profile passes review and a registration can be opened.
CREATE TABLE intents (
    candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id) ON DELETE CASCADE,
    intent       TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL
);
