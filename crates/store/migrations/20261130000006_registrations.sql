-- Several registrations per candidate (one per exam session), each its own row with its state
-- (core::process::Registration as JSON). The profile stays in `processes`.
CREATE TABLE registrations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    exam_session TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    opened_at    INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (candidate_id, exam_session)
);
CREATE INDEX registrations_session ON registrations (exam_session);

-- Today's single registration (inside the process state) becomes a row. The old state kept no
-- session, so it is given its item's 2026 second round, the round that was open when it was made.
-- The old keys stay in `processes.state` (ignored when read): nothing is deleted.
INSERT INTO registrations (candidate_id, exam_session, state, opened_at, updated_at)
SELECT candidate_id, session,
       json_set(exam, '$.examSession', session,
                      '$.openedAt', COALESCE(json_extract(exam, '$.noticeAcknowledgedAt'), ''),
                      '$.certificate', json(certificate)),
       updated_at, updated_at
FROM (
    SELECT candidate_id, updated_at,
           COALESCE(json_extract(state, '$.exam'), '{}') AS exam,
           json_extract(state, '$.certificate') AS certificate,
           CASE
               WHEN json_extract(state, '$.exam.examItem') LIKE '%二级%' THEN 'health-manager-2-2026-2'
               WHEN json_extract(state, '$.exam.examItem') LIKE '%一级%' THEN 'health-manager-1-2026-2'
               ELSE 'health-manager-3-2026-2'
           END AS session
    FROM processes
    WHERE json_extract(state, '$.exam.noticeAcknowledgedAt') IS NOT NULL
       OR json_extract(state, '$.exam.examItem') IS NOT NULL
       OR json_extract(state, '$.certificate') IS NOT NULL
);

-- Audit rows keyed by the candidate's stable id, so an identity correction (which changes the
-- ID number, the old key) does not split a history.
ALTER TABLE audit_log ADD COLUMN candidate_id INTEGER;
UPDATE audit_log SET candidate_id = (SELECT c.id FROM candidates c WHERE c.id_number = audit_log.entity_key)
WHERE entity = 'candidate';
UPDATE audit_log SET candidate_id = (
    SELECT fix.candidate_id FROM audit_log fix
    WHERE fix.action = 'correct_identity'
      AND json_extract(fix.old_value, '$.idNumber') = audit_log.entity_key
    ORDER BY fix.id LIMIT 1)
WHERE entity = 'candidate' AND candidate_id IS NULL;
CREATE INDEX audit_log_candidate ON audit_log (candidate_id);
