-- 0015: 领导批示 recorded by the office on a task (批示人, date, text), followed until closed; one step turns it into a
-- 督办 notice (notice_id), whose own life then tracks the unit's answer.
CREATE TABLE leader_instructions (
  id           INTEGER PRIMARY KEY,
  task_id      INTEGER NOT NULL REFERENCES tasks (id),
  leader       TEXT    NOT NULL,
  given_on     TEXT    NOT NULL,
  text         TEXT    NOT NULL,
  recorded_by  TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  notice_id    INTEGER REFERENCES supervision_notices (id),
  state        TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  closed_note  TEXT    NOT NULL DEFAULT '',
  closed_at    TEXT
) STRICT;
CREATE INDEX leader_instructions_by_task ON leader_instructions (task_id);
CREATE INDEX leader_instructions_by_state ON leader_instructions (state);
