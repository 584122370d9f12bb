-- 0002: assignment (落实主体责任), milestones and targets, progress reports with history, attachments,
-- the task event log (一事一记、全程留痕) and full-text search over tasks.

-- 完成时限 and the period 序时进度 is measured over; both ISO dates. Without them the plan's period applies.
ALTER TABLE tasks ADD COLUMN start_date TEXT;
ALTER TABLE tasks ADD COLUMN deadline TEXT;
-- 完成标准 and 备注.
ALTER TABLE tasks ADD COLUMN standard TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN note TEXT NOT NULL DEFAULT '';
-- Exactly one lead unit (牵头单位) per task once assigned.
ALTER TABLE tasks ADD COLUMN lead_unit_id INTEGER REFERENCES units (id);
-- The latest report's status and percent, kept with the task (in the same transaction as the report) so that
-- lists, filters and warnings never have to search the report history.
ALTER TABLE tasks ADD COLUMN status TEXT NOT NULL DEFAULT '未启动'
  CHECK (status IN ('已完成', '超序时进度', '序时推进', '滞后', '未启动', '暂缓'));
ALTER TABLE tasks ADD COLUMN percent INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100);
ALTER TABLE tasks ADD COLUMN last_report_at TEXT;

CREATE INDEX tasks_by_lead_unit ON tasks (lead_unit_id);
CREATE INDEX tasks_by_plan_code ON tasks (plan_id, retired_at, code);

-- 配合单位: any number per task.
CREATE TABLE task_cooperators (
  task_id  INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  unit_id  INTEGER NOT NULL REFERENCES units (id),
  PRIMARY KEY (task_id, unit_id)
) STRICT;
CREATE INDEX task_cooperators_by_unit ON task_cooperators (unit_id, task_id);

-- 阶段目标: yearly milestones with their own due dates, ticked off by units.
CREATE TABLE milestones (
  id               INTEGER PRIMARY KEY,
  task_id          INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title            TEXT    NOT NULL,
  due_date         TEXT    NOT NULL,
  done_at          TEXT,
  done_by_unit_id  INTEGER REFERENCES units (id),
  done_by          TEXT,
  created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX milestones_by_task ON milestones (task_id, year);

-- Quantified targets (value, unit of measure, year).
CREATE TABLE task_targets (
  id               INTEGER PRIMARY KEY,
  task_id          INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  description      TEXT    NOT NULL,
  value            REAL    NOT NULL,
  unit_of_measure  TEXT    NOT NULL,
  year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100)
) STRICT;
CREATE INDEX task_targets_by_task ON task_targets (task_id);

-- Every report is a new row: nothing is overwritten.
CREATE TABLE progress_reports (
  id            INTEGER PRIMARY KEY,
  task_id       INTEGER NOT NULL REFERENCES tasks (id),
  unit_id       INTEGER NOT NULL REFERENCES units (id),
  reporter      TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('已完成', '超序时进度', '序时推进', '滞后', '未启动', '暂缓')),
  percent       INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
  progress      TEXT    NOT NULL DEFAULT '',
  problems      TEXT    NOT NULL DEFAULT '',
  next_steps    TEXT    NOT NULL DEFAULT '',
  coordination  TEXT    NOT NULL DEFAULT '',
  -- Where it came from: typed into the app, or imported from a unit's Excel report (file name in source_ref).
  source        TEXT    NOT NULL CHECK (source IN ('manual', 'import')),
  source_ref    TEXT,
  created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX progress_reports_by_task ON progress_reports (task_id, id);
CREATE INDEX progress_reports_by_unit ON progress_reports (unit_id, id);

-- 佐证材料: files copied into the data folder under generated names; the original name is kept for display.
CREATE TABLE attachments (
  id             INTEGER PRIMARY KEY,
  report_id      INTEGER NOT NULL REFERENCES progress_reports (id) ON DELETE CASCADE,
  stored_name    TEXT    NOT NULL UNIQUE,
  original_name  TEXT    NOT NULL,
  size           INTEGER NOT NULL CHECK (size >= 0),
  sha256         TEXT    NOT NULL,
  created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX attachments_by_report ON attachments (report_id);

-- Who did what to a task, and when: edits, splits, merges, assignment, milestones, reports.
CREATE TABLE task_events (
  id          INTEGER PRIMARY KEY,
  task_id     INTEGER NOT NULL REFERENCES tasks (id),
  kind        TEXT    NOT NULL,
  summary     TEXT    NOT NULL,
  actor       TEXT    NOT NULL,
  unit_id     INTEGER REFERENCES units (id),
  created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX task_events_by_task ON task_events (task_id, id);

-- Where a split or merged task came from.
CREATE TABLE task_lineage (
  parent_task_id  INTEGER NOT NULL REFERENCES tasks (id),
  child_task_id   INTEGER NOT NULL REFERENCES tasks (id),
  kind            TEXT    NOT NULL CHECK (kind IN ('split', 'merged')),
  PRIMARY KEY (parent_task_id, child_task_id)
) STRICT;

-- Full-text search. The trigram tokenizer matches any Chinese substring of three or more characters;
-- shorter queries are answered with LIKE by the search service.
CREATE VIRTUAL TABLE task_fts USING fts5 (text, measure, tokenize = 'trigram');
INSERT INTO task_fts (rowid, text, measure)
  SELECT tasks.id, tasks.text, measures.title FROM tasks JOIN measures ON measures.id = tasks.measure_id;
CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
  INSERT INTO task_fts (rowid, text, measure)
    SELECT new.id, new.text, measures.title FROM measures WHERE measures.id = new.measure_id;
END;
CREATE TRIGGER tasks_fts_update AFTER UPDATE OF text ON tasks BEGIN
  UPDATE task_fts SET text = new.text WHERE rowid = new.id;
END;
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
  DELETE FROM task_fts WHERE rowid = old.id;
END;
CREATE TRIGGER measures_fts_update AFTER UPDATE OF title ON measures BEGIN
  UPDATE task_fts SET measure = new.title WHERE rowid IN (SELECT id FROM tasks WHERE measure_id = new.id);
END;
