-- 0001: the plan as the parser reads it, the units that carry it out, and app settings.
-- Frozen once landed: later changes go in new files.

CREATE TABLE plans (
  id               INTEGER PRIMARY KEY,
  code             TEXT    NOT NULL UNIQUE,
  title            TEXT    NOT NULL,
  issued_on        TEXT,
  period_start     INTEGER NOT NULL,
  period_end       INTEGER NOT NULL CHECK (period_end >= period_start),
  outlook_year     INTEGER,
  preface          TEXT    NOT NULL DEFAULT '',
  indicator_notes  TEXT    NOT NULL DEFAULT '',
  source_name      TEXT    NOT NULL,
  created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE chapters (
  id         INTEGER PRIMARY KEY,
  plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  code       TEXT    NOT NULL,
  heading    TEXT    NOT NULL,
  title      TEXT    NOT NULL,
  intro      TEXT    NOT NULL DEFAULT '',
  region     TEXT    CHECK (region IN ('京津冀', '长三角', '大湾区', '毗邻区', '保障措施')),
  has_tasks  INTEGER NOT NULL CHECK (has_tasks IN (0, 1)),
  UNIQUE (plan_id, seq),
  UNIQUE (plan_id, code)
) STRICT;

CREATE TABLE sections (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  chapter_id  INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  code        TEXT    NOT NULL,
  heading     TEXT    NOT NULL,
  title       TEXT    NOT NULL,
  intro       TEXT    NOT NULL DEFAULT '',
  UNIQUE (chapter_id, seq),
  UNIQUE (plan_id, code)
) STRICT;

CREATE TABLE measures (
  id             INTEGER PRIMARY KEY,
  plan_id        INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  section_id     INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  code           TEXT    NOT NULL,
  title          TEXT    NOT NULL,
  body           TEXT    NOT NULL,
  -- The next task number under this measure. Only ever grows, so a retired task's code is never reused.
  next_task_seq  INTEGER NOT NULL DEFAULT 1,
  UNIQUE (section_id, seq),
  UNIQUE (plan_id, code)
) STRICT;

CREATE TABLE tasks (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  measure_id  INTEGER NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  code        TEXT    NOT NULL,
  text        TEXT    NOT NULL,
  -- Where the task came from: a sentence of the plan, or the office's later edit.
  origin      TEXT    NOT NULL DEFAULT 'plan' CHECK (origin IN ('plan', 'added', 'split', 'merged')),
  -- Bumped on every edit, so an Excel template can tell whether the task changed since it was exported.
  version     INTEGER NOT NULL DEFAULT 1,
  retired_at  TEXT,
  created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (measure_id, seq),
  UNIQUE (plan_id, code)
) STRICT;

CREATE INDEX tasks_by_measure ON tasks (measure_id, seq);

CREATE TABLE units (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  kind        TEXT    NOT NULL CHECK (kind IN ('office', 'department', 'city', 'investment_office')),
  seq         INTEGER NOT NULL,
  retired_at  TEXT,
  created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE unit_aliases (
  unit_id  INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  alias    TEXT    NOT NULL UNIQUE,
  PRIMARY KEY (unit_id, alias)
) STRICT;

CREATE TABLE indicators (
  id                   INTEGER PRIMARY KEY,
  plan_id              INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  seq                  INTEGER NOT NULL,
  name                 TEXT    NOT NULL,
  unit                 TEXT,
  baseline_year        INTEGER,
  baseline_value       REAL,
  target_year          INTEGER,
  target_value         REAL,
  target_text          TEXT,
  direction            TEXT    CHECK (direction IN ('higher', 'lower')),
  responsible_unit_id  INTEGER REFERENCES units (id),
  source_text          TEXT    NOT NULL DEFAULT '',
  note                 TEXT    NOT NULL DEFAULT '',
  UNIQUE (plan_id, seq)
) STRICT;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;
