-- 单位审核人: a unit that has a reviewer account has its fillers' reports approved before the office sees them. A report
-- submitted by a 单位填报人 of such a unit waits here, as it was sent (attachments included), until the unit's reviewer
-- approves it (it is then recorded as a progress report, dated the day of approval) or returns it with a reason.
CREATE TABLE report_reviews (
  id             INTEGER PRIMARY KEY,
  unit_id        INTEGER NOT NULL REFERENCES units (id),
  task_id        INTEGER NOT NULL REFERENCES tasks (id),
  -- The filler's account and how records show them (单位（经办人）); the account is not a foreign key, so a restore,
  -- which carries today's accounts, never trips over it.
  account_id     INTEGER NOT NULL,
  submitted_by   TEXT    NOT NULL,
  -- The report as submitted (JSON: status, percent, the four texts, attachments as base64).
  payload        TEXT    NOT NULL,
  submitted_at   TEXT    NOT NULL,
  state          TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'returned')),
  reviewed_by    TEXT,
  reviewed_at    TEXT,
  return_reason  TEXT,
  report_id      INTEGER REFERENCES progress_reports (id)
) STRICT;
CREATE INDEX report_reviews_by_unit ON report_reviews (unit_id, state);
