-- 0014: 延期申请 (a unit asks to move a task's deadline; the office decides) and 催办 (the office urges units still
-- 未报 in a round). Both are kept whole: every request and every 催办 stays, decided or not (全程留痕).

-- A request to move a task's deadline. The approved date is written to tasks.deadline in the same transaction, so
-- 序时进度, the warning light and 考核 keep reading one column; old_deadline keeps the date the request was made
-- against (the first approved request's old_deadline is the task's 原定时限).
CREATE TABLE deadline_extensions (
  id              INTEGER PRIMARY KEY,
  task_id         INTEGER NOT NULL REFERENCES tasks (id),
  unit_id         INTEGER NOT NULL REFERENCES units (id),
  old_deadline    TEXT    NOT NULL,
  requested_date  TEXT    NOT NULL CHECK (requested_date > old_deadline),
  reason          TEXT    NOT NULL,
  requested_by    TEXT    NOT NULL,
  requested_at    TEXT    NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'refused')),
  approved_date   TEXT    CHECK ((state = 'approved') = (approved_date IS NOT NULL)),
  comment         TEXT    NOT NULL DEFAULT '',
  decided_by      TEXT,
  decided_at      TEXT
) STRICT;
CREATE INDEX deadline_extensions_by_task ON deadline_extensions (task_id, id);
CREATE INDEX deadline_extensions_by_state ON deadline_extensions (state, unit_id);

-- 催办: one row per unit urged in a round (a single action over all 未报 units writes one row each).
CREATE TABLE round_reminders (
  id        INTEGER PRIMARY KEY,
  round_id  INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  unit_id   INTEGER NOT NULL REFERENCES units (id),
  missing   INTEGER NOT NULL,
  message   TEXT    NOT NULL DEFAULT '',
  sent_by   TEXT    NOT NULL,
  sent_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX round_reminders_by_round ON round_reminders (round_id, unit_id);
CREATE INDEX round_reminders_by_unit ON round_reminders (unit_id, id);
