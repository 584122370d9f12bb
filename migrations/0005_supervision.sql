-- 0005: the supervision and assessment mechanism of 第七章: reporting rounds (调度), supervision notices (督办),
-- tracked problems and the 重大问题清单, major projects, yearly indicator values and the yearly assessment (考核).

-- 调度: a reporting round asks every unit in scope to report on each of its open tasks by a due date.
CREATE TABLE rounds (
  id            INTEGER PRIMARY KEY,
  plan_id       INTEGER NOT NULL REFERENCES plans (id),
  name          TEXT    NOT NULL,
  period_start  TEXT    NOT NULL,
  period_end    TEXT    NOT NULL CHECK (period_end >= period_start),
  due_date      TEXT    NOT NULL,
  state         TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  opened_by     TEXT    NOT NULL,
  opened_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  closed_by     TEXT,
  closed_at     TEXT,
  UNIQUE (plan_id, name)
) STRICT;

CREATE TABLE round_units (
  round_id  INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  unit_id   INTEGER NOT NULL REFERENCES units (id),
  PRIMARY KEY (round_id, unit_id)
) STRICT;

-- What each unit owes in the round: one row per open task it leads, fixed when the round opens.
-- report_id is the latest report counted for the round.
CREATE TABLE round_tasks (
  round_id   INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  task_id    INTEGER NOT NULL REFERENCES tasks (id),
  unit_id    INTEGER NOT NULL REFERENCES units (id),
  report_id  INTEGER REFERENCES progress_reports (id),
  PRIMARY KEY (round_id, task_id)
) STRICT;
CREATE INDEX round_tasks_by_unit ON round_tasks (round_id, unit_id);

-- A report made for a round (typed in during the round, or imported from the round's template).
ALTER TABLE progress_reports ADD COLUMN round_id INTEGER REFERENCES rounds (id);
CREATE INDEX progress_reports_by_round ON progress_reports (round_id, task_id);

-- Closing a round freezes what it shows: later edits to tasks or reports never change these rows.
CREATE TABLE round_snapshots (
  round_id        INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  task_id         INTEGER NOT NULL REFERENCES tasks (id),
  unit_id         INTEGER NOT NULL REFERENCES units (id),
  task_code       TEXT    NOT NULL,
  task_text       TEXT    NOT NULL,
  unit_name       TEXT    NOT NULL,
  reported        INTEGER NOT NULL CHECK (reported IN (0, 1)),
  reported_late   INTEGER NOT NULL CHECK (reported_late IN (0, 1)),
  report_id       INTEGER,
  reported_at     TEXT,
  status          TEXT    NOT NULL,
  percent         INTEGER NOT NULL,
  schedule_progress INTEGER NOT NULL,
  light           TEXT    NOT NULL,
  progress        TEXT    NOT NULL DEFAULT '',
  problems        TEXT    NOT NULL DEFAULT '',
  next_steps      TEXT    NOT NULL DEFAULT '',
  coordination    TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (round_id, task_id)
) STRICT;

-- 督办: a notice to a unit on one or more lagging tasks. Life: 交办 → 签收 → 反馈 → 审核 (退回 or 办结).
CREATE TABLE supervision_notices (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL REFERENCES plans (id),
  year         INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  number       TEXT    NOT NULL UNIQUE,
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  level        TEXT    NOT NULL CHECK (level IN ('蓝', '黄', '红')),
  reason       TEXT    NOT NULL,
  requirement  TEXT    NOT NULL,
  reply_due    TEXT    NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'signed', 'replied', 'returned', 'closed')),
  issued_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  closed_at    TEXT,
  UNIQUE (year, seq)
) STRICT;
CREATE INDEX supervision_notices_by_unit ON supervision_notices (unit_id, state);

CREATE TABLE notice_tasks (
  notice_id  INTEGER NOT NULL REFERENCES supervision_notices (id) ON DELETE CASCADE,
  task_id    INTEGER NOT NULL REFERENCES tasks (id),
  PRIMARY KEY (notice_id, task_id)
) STRICT;

-- Every step of a notice's life, with who and when.
CREATE TABLE notice_steps (
  id          INTEGER PRIMARY KEY,
  notice_id   INTEGER NOT NULL REFERENCES supervision_notices (id) ON DELETE CASCADE,
  action      TEXT    NOT NULL CHECK (action IN ('交办', '签收', '反馈', '退回', '办结')),
  content     TEXT    NOT NULL DEFAULT '',
  actor       TEXT    NOT NULL,
  unit_id     INTEGER REFERENCES units (id),
  created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX notice_steps_by_notice ON notice_steps (notice_id, id);

-- Problems raised in reports (存在问题, 需协调事项), tracked with an owner until solved. A major one is on the
-- 重大问题清单 for 省委、省政府 until resolved.
CREATE TABLE problems (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES plans (id),
  task_id         INTEGER NOT NULL REFERENCES tasks (id),
  report_id       INTEGER REFERENCES progress_reports (id),
  kind            TEXT    NOT NULL CHECK (kind IN ('存在问题', '需协调事项')),
  text            TEXT    NOT NULL,
  owner_unit_id   INTEGER NOT NULL REFERENCES units (id),
  state           TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'in_progress', 'solved')),
  is_major        INTEGER NOT NULL DEFAULT 0 CHECK (is_major IN (0, 1)),
  major_note      TEXT    NOT NULL DEFAULT '',
  major_at        TEXT,
  resolution      TEXT    NOT NULL DEFAULT '',
  solved_at       TEXT,
  created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX problems_by_state ON problems (plan_id, state, is_major);
CREATE INDEX problems_by_task ON problems (task_id);

CREATE TABLE problem_steps (
  id          INTEGER PRIMARY KEY,
  problem_id  INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  action      TEXT    NOT NULL,
  note        TEXT    NOT NULL DEFAULT '',
  actor       TEXT    NOT NULL,
  created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- 强化项目管理: major projects linked to tasks, reported on in rounds like tasks.
CREATE TABLE projects (
  id                    INTEGER PRIMARY KEY,
  plan_id               INTEGER NOT NULL REFERENCES plans (id),
  name                  TEXT    NOT NULL,
  stage                 TEXT    NOT NULL CHECK (stage IN ('谋划', '前期', '在建', '竣工', '投产达效')),
  -- Investment in 亿元.
  planned_investment    REAL    NOT NULL DEFAULT 0 CHECK (planned_investment >= 0),
  completed_investment  REAL    NOT NULL DEFAULT 0 CHECK (completed_investment >= 0),
  start_date            TEXT,
  finish_date           TEXT,
  lead_unit_id          INTEGER REFERENCES units (id),
  created_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (plan_id, name)
) STRICT;

CREATE TABLE project_tasks (
  project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  task_id     INTEGER NOT NULL REFERENCES tasks (id),
  PRIMARY KEY (project_id, task_id)
) STRICT;

CREATE TABLE project_reports (
  id                    INTEGER PRIMARY KEY,
  project_id            INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  round_id              INTEGER REFERENCES rounds (id),
  unit_id               INTEGER NOT NULL REFERENCES units (id),
  reporter              TEXT    NOT NULL,
  stage                 TEXT    NOT NULL CHECK (stage IN ('谋划', '前期', '在建', '竣工', '投产达效')),
  completed_investment  REAL    NOT NULL CHECK (completed_investment >= 0),
  progress              TEXT    NOT NULL DEFAULT '',
  created_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX project_reports_by_project ON project_reports (project_id, id);

-- 主要指标: one actual value per indicator per year.
CREATE TABLE indicator_values (
  indicator_id  INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
  year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  value         REAL    NOT NULL,
  note          TEXT    NOT NULL DEFAULT '',
  recorded_by   TEXT    NOT NULL,
  recorded_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (indicator_id, year)
) STRICT;

-- 考核: a frozen result per plan and year; the scheme used and every point's explanation are kept with it.
CREATE TABLE assessment_snapshots (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans (id),
  year        INTEGER NOT NULL,
  scheme      TEXT    NOT NULL,
  results     TEXT    NOT NULL,
  frozen_by   TEXT    NOT NULL,
  frozen_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (plan_id, year)
) STRICT;
