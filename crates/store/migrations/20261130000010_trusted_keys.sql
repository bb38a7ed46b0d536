-- Package signers a reviewer trusts (trust on first use, or imported), by key fingerprint.
CREATE TABLE trusted_keys (
    fingerprint TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    added_at    INTEGER NOT NULL
);
