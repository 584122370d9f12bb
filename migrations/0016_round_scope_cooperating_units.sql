-- 0016: the office chooses per round who is asked to report: only each task's lead unit (牵头单位, the only choice
-- until now and still the default), or its lead and cooperating units (配合单位). A task may then owe one row per
-- unit in the round, so round_tasks and round_snapshots take the unit into their keys and keep the row's role
-- (decided at opening: the task may be reassigned since). SQLite cannot change a primary key in place, so both
-- tables are rebuilt; existing rows are the lead's.
ALTER TABLE rounds ADD COLUMN report_scope TEXT NOT NULL DEFAULT 'lead' CHECK (report_scope IN ('lead', 'leadAndCooperating'));

CREATE TABLE round_tasks_by_unit_role (
  round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  task_id      INTEGER NOT NULL REFERENCES tasks (id),
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  role         TEXT    NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'cooperating')),
  report_id    INTEGER REFERENCES progress_reports (id),
  reported_at  TEXT,
  report_date  TEXT,
  PRIMARY KEY (round_id, task_id, unit_id)
) STRICT;
INSERT INTO round_tasks_by_unit_role (round_id, task_id, unit_id, role, report_id, reported_at, report_date)
SELECT round_id, task_id, unit_id, 'lead', report_id, reported_at, report_date FROM round_tasks;
DROP TABLE round_tasks;
ALTER TABLE round_tasks_by_unit_role RENAME TO round_tasks;
CREATE INDEX round_tasks_by_unit ON round_tasks (round_id, unit_id, report_id, report_date);

CREATE TABLE round_snapshots_by_unit_role (
  round_id          INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  task_id           INTEGER NOT NULL REFERENCES tasks (id),
  unit_id           INTEGER NOT NULL REFERENCES units (id),
  role              TEXT    NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'cooperating')),
  task_code         TEXT    NOT NULL,
  task_text         TEXT    NOT NULL,
  unit_name         TEXT    NOT NULL,
  reported          INTEGER NOT NULL CHECK (reported IN (0, 1)),
  reported_late     INTEGER NOT NULL CHECK (reported_late IN (0, 1)),
  report_id         INTEGER,
  reported_at       TEXT,
  report_date       TEXT,
  status            TEXT    NOT NULL,
  percent           INTEGER NOT NULL,
  schedule_progress INTEGER,
  lag               INTEGER,
  reasons           TEXT,
  light             TEXT    NOT NULL,
  progress          TEXT    NOT NULL DEFAULT '',
  problems          TEXT    NOT NULL DEFAULT '',
  next_steps        TEXT    NOT NULL DEFAULT '',
  coordination      TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (round_id, task_id, unit_id)
) STRICT;
INSERT INTO round_snapshots_by_unit_role (round_id, task_id, unit_id, role, task_code, task_text, unit_name, reported,
  reported_late, report_id, reported_at, report_date, status, percent, schedule_progress, lag, reasons, light, progress,
  problems, next_steps, coordination)
SELECT round_id, task_id, unit_id, 'lead', task_code, task_text, unit_name, reported, reported_late, report_id,
  reported_at, report_date, status, percent, schedule_progress, lag, reasons, light, progress, problems, next_steps,
  coordination
FROM round_snapshots;
DROP TABLE round_snapshots;
ALTER TABLE round_snapshots_by_unit_role RENAME TO round_snapshots;
CREATE INDEX round_snapshots_by_unit ON round_snapshots (round_id, unit_id, reported, reported_late, unit_name);
