-- 迟报 is judged on the day a report was made in the reporting unit's calendar (China Standard Time, UTC+8, no
-- daylight saving), not on the UTC date of its timestamp: a report made at 07:30 Beijing time on 1 May is late for a
-- 30 April due date. The writer sets report_date (the unit's local date, or the 填报日期 it wrote in an offline
-- template); created_at stays the moment it reached this database. Existing reports take their timestamp's
-- Beijing date.
ALTER TABLE progress_reports ADD COLUMN report_date TEXT COLLATE "C"
  CHECK (report_date IS NULL OR report_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
UPDATE progress_reports SET report_date = pd_china_date(created_at);

-- The round's row keeps its counted report's date beside its arrival time (reported_at, 0008): the dashboard counts
-- late reports from round_tasks alone.
ALTER TABLE round_tasks ADD COLUMN report_date TEXT COLLATE "C";
UPDATE round_tasks
SET report_date = (SELECT report_date FROM progress_reports WHERE progress_reports.id = round_tasks.report_id)
WHERE report_id IS NOT NULL;

DROP INDEX round_tasks_by_unit;
CREATE INDEX round_tasks_by_unit ON round_tasks (round_id, unit_id, report_id, report_date);

-- A closed round's frozen rows hold every figure the reports print as it was at closing: 序时进度, 落后 and the
-- warning's reasons, and the report's own date. Closing wrote 0 for 序时进度 until now, so the rows of rounds closed
-- before this version cannot be told apart from a true 0: they become NULL (unknown, printed "—"); the figures at
-- their closing cannot be rebuilt. SQLite cannot make a column nullable in place, so the table is rebuilt.
CREATE TABLE round_snapshots_frozen (
  round_id          BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  task_id           BIGINT NOT NULL REFERENCES tasks (id),
  unit_id           BIGINT NOT NULL REFERENCES units (id),
  task_code         TEXT COLLATE "C"    NOT NULL,
  task_text         TEXT COLLATE "C"    NOT NULL,
  unit_name         TEXT COLLATE "C"    NOT NULL,
  reported          BIGINT NOT NULL CHECK (reported IN (0, 1)),
  reported_late     BIGINT NOT NULL CHECK (reported_late IN (0, 1)),
  report_id         BIGINT,
  -- When the counted report reached the database, and the date the unit made it (迟报 is judged on this one).
  reported_at       TEXT COLLATE "C",
  report_date       TEXT COLLATE "C",
  status            TEXT COLLATE "C"    NOT NULL,
  percent           BIGINT NOT NULL,
  -- NULL: frozen before this version, unknown.
  schedule_progress BIGINT,
  lag               BIGINT,
  reasons           TEXT COLLATE "C",
  light             TEXT COLLATE "C"    NOT NULL,
  progress          TEXT COLLATE "C"    NOT NULL DEFAULT '',
  problems          TEXT COLLATE "C"    NOT NULL DEFAULT '',
  next_steps        TEXT COLLATE "C"    NOT NULL DEFAULT '',
  coordination      TEXT COLLATE "C"    NOT NULL DEFAULT '',
  PRIMARY KEY (round_id, task_id)
);

INSERT INTO round_snapshots_frozen (round_id, task_id, unit_id, task_code, task_text, unit_name, reported, reported_late,
  report_id, reported_at, report_date, status, percent, schedule_progress, lag, reasons, light, progress, problems,
  next_steps, coordination)
SELECT s.round_id, s.task_id, s.unit_id, s.task_code, s.task_text, s.unit_name, s.reported, s.reported_late,
  s.report_id, s.reported_at, coalesce(r.report_date, pd_china_date(s.reported_at)), s.status, s.percent, NULL, NULL, NULL,
  s.light, s.progress, s.problems, s.next_steps, s.coordination
FROM round_snapshots s LEFT JOIN progress_reports r ON r.id = s.report_id;

DROP TABLE round_snapshots;
ALTER TABLE round_snapshots_frozen RENAME TO round_snapshots;
CREATE INDEX round_snapshots_by_unit ON round_snapshots (round_id, unit_id, reported, reported_late, unit_name);
