-- Package bytes move to the package store (a folder or S3, under their SHA-256): `package`
-- becomes optional (old rows keep theirs until `regdesk-intake migrate-blobs`).
ALTER TABLE submissions ALTER COLUMN package DROP NOT NULL;

-- No global lock on the write path any more. A row is written with seq NULL (unpublished) and
-- committed; then a short "publish" transaction, serialised by an advisory lock, gives every
-- committed unpublished row the next numbers of this sequence. Publishes run one after
-- another and each one's numbers are above every earlier one's, so a reader that has seen
-- seq N has seen every seq below N that will ever exist.
ALTER TABLE submissions ALTER COLUMN seq DROP NOT NULL;
CREATE SEQUENCE submission_seq;
SELECT setval('submission_seq', COALESCE((SELECT MAX(seq) FROM submissions), 0) + 1, false);
CREATE INDEX submissions_unpublished ON submissions (received_at) WHERE seq IS NULL;
CREATE INDEX submissions_sha256 ON submissions (package_sha256);
CREATE INDEX submissions_legacy ON submissions (id) WHERE package IS NOT NULL;
