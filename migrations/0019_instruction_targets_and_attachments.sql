-- 0019: 领导批示 on a problem, a project or a progress report as well as on a task, with the leader's scan attached;
-- and files on a 延期申请 (the unit's supporting documents), both kept as 佐证材料 are: the file in the data folder's
-- attachments/ under a generated name, its original name, size and sha256 here.
--
-- A 批示 names what it is about (target_kind and that record's id). task_id stays the task it concerns where there is
-- one (the problem's or the report's task), so the task's history and its lead unit are found as before; a 批示 on a
-- project has none. plan_id says whose 台账 lists it. SQLite cannot drop a NOT NULL in place: the table is rebuilt.
CREATE TABLE leader_instructions_next (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL REFERENCES plans (id),
  target_kind  TEXT    NOT NULL DEFAULT 'task' CHECK (target_kind IN ('task', 'problem', 'project', 'report')),
  task_id      INTEGER REFERENCES tasks (id),
  problem_id   INTEGER REFERENCES problems (id),
  project_id   INTEGER REFERENCES projects (id),
  report_id    INTEGER REFERENCES progress_reports (id),
  leader       TEXT    NOT NULL,
  given_on     TEXT    NOT NULL,
  text         TEXT    NOT NULL,
  recorded_by  TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  notice_id    INTEGER REFERENCES supervision_notices (id),
  state        TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  closed_note  TEXT    NOT NULL DEFAULT '',
  closed_at    TEXT,
  CHECK (CASE target_kind
           WHEN 'task' THEN task_id IS NOT NULL
           WHEN 'problem' THEN problem_id IS NOT NULL
           WHEN 'project' THEN project_id IS NOT NULL
           ELSE report_id IS NOT NULL
         END)
) STRICT;

INSERT INTO leader_instructions_next (id, plan_id, target_kind, task_id, leader, given_on, text, recorded_by, recorded_at, notice_id, state, closed_note, closed_at)
SELECT i.id, t.plan_id, 'task', i.task_id, i.leader, i.given_on, i.text, i.recorded_by, i.recorded_at, i.notice_id, i.state, i.closed_note, i.closed_at
FROM leader_instructions AS i JOIN tasks AS t ON t.id = i.task_id;

DROP TABLE leader_instructions;
ALTER TABLE leader_instructions_next RENAME TO leader_instructions;
CREATE INDEX leader_instructions_by_task ON leader_instructions (task_id);
CREATE INDEX leader_instructions_by_state ON leader_instructions (state);
CREATE INDEX leader_instructions_by_plan ON leader_instructions (plan_id, given_on);

-- The scan of the 批示 (批示件), one or more files.
CREATE TABLE instruction_attachments (
  id              INTEGER PRIMARY KEY,
  instruction_id  INTEGER NOT NULL REFERENCES leader_instructions (id) ON DELETE CASCADE,
  stored_name     TEXT    NOT NULL UNIQUE,
  original_name   TEXT    NOT NULL,
  size            INTEGER NOT NULL CHECK (size >= 0),
  sha256          TEXT    NOT NULL,
  created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX instruction_attachments_by_instruction ON instruction_attachments (instruction_id);

-- The files a unit sends with its 延期申请, read by the office when it decides.
CREATE TABLE extension_attachments (
  id             INTEGER PRIMARY KEY,
  extension_id   INTEGER NOT NULL REFERENCES deadline_extensions (id) ON DELETE CASCADE,
  stored_name    TEXT    NOT NULL UNIQUE,
  original_name  TEXT    NOT NULL,
  size           INTEGER NOT NULL CHECK (size >= 0),
  sha256         TEXT    NOT NULL,
  created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX extension_attachments_by_extension ON extension_attachments (extension_id);
