-- 0016: the office chooses per round who is asked to report: only each task's lead unit (牵头单位, the only choice
-- until now and still the default), or its lead and cooperating units (配合单位). A task may then owe one row per
-- unit in the round, so round_tasks and round_snapshots take the unit into their keys and keep the row's role
-- (decided at opening: the task may be reassigned since). SQLite cannot change a primary key in place, so both
-- tables are rebuilt; existing rows are the lead's.
ALTER TABLE rounds ADD COLUMN report_scope TEXT COLLATE "C" NOT NULL DEFAULT 'lead' CHECK (report_scope IN ('lead', 'leadAndCooperating'));

CREATE TABLE round_tasks_by_unit_role (
  round_id     BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  task_id      BIGINT NOT NULL REFERENCES tasks (id),
  unit_id      BIGINT NOT NULL REFERENCES units (id),
  role         TEXT COLLATE "C"    NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'cooperating')),
  report_id    BIGINT REFERENCES progress_reports (id),
  reported_at  TEXT COLLATE "C",
  report_date  TEXT COLLATE "C",
  PRIMARY KEY (round_id, task_id, unit_id)
);
INSERT INTO round_tasks_by_unit_role (round_id, task_id, unit_id, role, report_id, reported_at, report_date)
SELECT round_id, task_id, unit_id, 'lead', report_id, reported_at, report_date FROM round_tasks;
DROP TABLE round_tasks;
ALTER TABLE round_tasks_by_unit_role RENAME TO round_tasks;
CREATE INDEX round_tasks_by_unit ON round_tasks (round_id, unit_id, report_id, report_date);

CREATE TABLE round_snapshots_by_unit_role (
  round_id          BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  task_id           BIGINT NOT NULL REFERENCES tasks (id),
  unit_id           BIGINT NOT NULL REFERENCES units (id),
  role              TEXT COLLATE "C"    NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'cooperating')),
  task_code         TEXT COLLATE "C"    NOT NULL,
  task_text         TEXT COLLATE "C"    NOT NULL,
  unit_name         TEXT COLLATE "C"    NOT NULL,
  reported          BIGINT NOT NULL CHECK (reported IN (0, 1)),
  reported_late     BIGINT NOT NULL CHECK (reported_late IN (0, 1)),
  report_id         BIGINT,
  reported_at       TEXT COLLATE "C",
  report_date       TEXT COLLATE "C",
  status            TEXT COLLATE "C"    NOT NULL,
  percent           BIGINT NOT NULL,
  schedule_progress BIGINT,
  lag               BIGINT,
  reasons           TEXT COLLATE "C",
  light             TEXT COLLATE "C"    NOT NULL,
  progress          TEXT COLLATE "C"    NOT NULL DEFAULT '',
  problems          TEXT COLLATE "C"    NOT NULL DEFAULT '',
  next_steps        TEXT COLLATE "C"    NOT NULL DEFAULT '',
  coordination      TEXT COLLATE "C"    NOT NULL DEFAULT '',
  PRIMARY KEY (round_id, task_id, unit_id)
);
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
