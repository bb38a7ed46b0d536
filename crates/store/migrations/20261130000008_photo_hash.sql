-- A perceptual hash of each stored photo, so the same picture used for two people is flagged
-- (a warning the clerk may acknowledge: twins and test data share pictures).
ALTER TABLE attachments ADD COLUMN phash TEXT;
ALTER TABLE attachments ADD COLUMN duplicate_ack INTEGER NOT NULL DEFAULT 0;
