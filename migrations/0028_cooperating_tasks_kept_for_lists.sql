-- 0028: 我的任务's 配合任务 tab without reading every task a unit cooperates on (issue 21: 10,432 at 4× the data, each
-- looked up for its count and again for the order of its first page).
--
-- Its counts: a plan's live tasks each unit cooperates on, by status, with their lights on the plan's tally day — the
-- cooperating side of plan_lead_tallies (0022), kept by the triggers below while the plan's tallies hold
-- (plan_tally_days), and counted again with them by dashboard/plan-tallies.ts when they do not (the first call of a
-- day). tasks/task-cooperator-tallies.test.ts holds them equal to a fresh count after every kind of write.
CREATE TABLE plan_cooperator_status_tallies (
  plan_id        INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  unit_id        INTEGER NOT NULL,
  status         TEXT NOT NULL,
  n              INTEGER NOT NULL,
  grey           INTEGER NOT NULL,
  unlit          INTEGER NOT NULL,
  yellow_or_red  INTEGER NOT NULL,
  red            INTEGER NOT NULL,
  PRIMARY KEY (plan_id, unit_id, status)
) STRICT, WITHOUT ROWID;

-- Every plan's tallies are counted again on their next read, this table with them.
DELETE FROM plan_tally_days;

-- A cooperating task's counted columns changed: its old share out, its new one in, for each of its cooperating units.
CREATE TRIGGER tasks_cooperator_status_tally AFTER UPDATE OF plan_id, status, retired_at, light_base, light_yellow_from, light_red_from ON tasks
WHEN OLD.plan_id IS NOT NEW.plan_id OR OLD.status IS NOT NEW.status OR OLD.retired_at IS NOT NEW.retired_at OR OLD.light_base IS NOT NEW.light_base
  OR OLD.light_yellow_from IS NOT NEW.light_yellow_from OR OLD.light_red_from IS NOT NEW.light_red_from
BEGIN
  UPDATE plan_cooperator_status_tallies SET n = n - 1, grey = grey - (OLD.light_base = 'grey'), unlit = unlit - (OLD.light_base = 'none'),
    yellow_or_red = yellow_or_red - coalesce(OLD.light_yellow_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0),
    red = red - coalesce(OLD.light_red_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0)
  WHERE OLD.retired_at IS NULL AND EXISTS (SELECT 1 FROM plan_tally_days WHERE plan_id = OLD.plan_id)
    AND plan_id = OLD.plan_id AND status = OLD.status AND unit_id IN (SELECT unit_id FROM task_cooperators WHERE task_id = OLD.id);
  INSERT INTO plan_cooperator_status_tallies (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
  SELECT NEW.plan_id, tc.unit_id, NEW.status, 1, NEW.light_base = 'grey', NEW.light_base = 'none',
    coalesce(NEW.light_yellow_from <= d.as_of, 0), coalesce(NEW.light_red_from <= d.as_of, 0)
  FROM plan_tally_days d JOIN task_cooperators tc ON tc.task_id = NEW.id
  WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL
  ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = n + 1, grey = grey + excluded.grey, unlit = unlit + excluded.unlit,
    yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
END;

-- A cooperating unit added to or taken from a task: the task's share in or out for that unit.
CREATE TRIGGER task_cooperators_status_tally_insert AFTER INSERT ON task_cooperators BEGIN
  INSERT INTO plan_cooperator_status_tallies (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
  SELECT t.plan_id, NEW.unit_id, t.status, 1, t.light_base = 'grey', t.light_base = 'none',
    coalesce(t.light_yellow_from <= d.as_of, 0), coalesce(t.light_red_from <= d.as_of, 0)
  FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id
  WHERE t.id = NEW.task_id AND t.retired_at IS NULL
  ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = n + 1, grey = grey + excluded.grey, unlit = unlit + excluded.unlit,
    yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
END;

CREATE TRIGGER task_cooperators_status_tally_delete AFTER DELETE ON task_cooperators BEGIN
  UPDATE plan_cooperator_status_tallies AS x SET n = x.n - 1, grey = x.grey - (t.light_base = 'grey'), unlit = x.unlit - (t.light_base = 'none'),
    yellow_or_red = x.yellow_or_red - coalesce(t.light_yellow_from <= d.as_of, 0), red = x.red - coalesce(t.light_red_from <= d.as_of, 0)
  FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id
  WHERE t.id = OLD.task_id AND t.retired_at IS NULL AND x.plan_id = t.plan_id AND x.unit_id = OLD.unit_id AND x.status = t.status;
END;

CREATE TRIGGER task_cooperators_status_tally_update AFTER UPDATE OF task_id, unit_id ON task_cooperators BEGIN
  UPDATE plan_cooperator_status_tallies AS x SET n = x.n - 1, grey = x.grey - (t.light_base = 'grey'), unlit = x.unlit - (t.light_base = 'none'),
    yellow_or_red = x.yellow_or_red - coalesce(t.light_yellow_from <= d.as_of, 0), red = x.red - coalesce(t.light_red_from <= d.as_of, 0)
  FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id
  WHERE t.id = OLD.task_id AND t.retired_at IS NULL AND x.plan_id = t.plan_id AND x.unit_id = OLD.unit_id AND x.status = t.status;
  INSERT INTO plan_cooperator_status_tallies (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
  SELECT t.plan_id, NEW.unit_id, t.status, 1, t.light_base = 'grey', t.light_base = 'none',
    coalesce(t.light_yellow_from <= d.as_of, 0), coalesce(t.light_red_from <= d.as_of, 0)
  FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id
  WHERE t.id = NEW.task_id AND t.retired_at IS NULL
  ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = n + 1, grey = grey + excluded.grey, unlit = unlit + excluded.unlit,
    yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
END;

-- Its first page: each cooperating unit's row carries its task's place in the plan's order (0026) and whether the task
-- is retired, kept by the triggers below, so a unit's cooperating tasks are read in order from an index.
ALTER TABLE task_cooperators ADD COLUMN task_retired_at TEXT;
ALTER TABLE task_cooperators ADD COLUMN chapter_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE task_cooperators ADD COLUMN section_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE task_cooperators ADD COLUMN measure_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE task_cooperators ADD COLUMN task_seq INTEGER NOT NULL DEFAULT 0;

UPDATE task_cooperators SET (task_retired_at, chapter_seq, section_seq, measure_seq, task_seq) =
  (SELECT t.retired_at, t.chapter_seq, t.section_seq, t.measure_seq, t.seq FROM tasks t WHERE t.id = task_cooperators.task_id);

CREATE TRIGGER task_cooperators_place_insert AFTER INSERT ON task_cooperators BEGIN
  UPDATE task_cooperators SET (task_retired_at, chapter_seq, section_seq, measure_seq, task_seq) =
    (SELECT t.retired_at, t.chapter_seq, t.section_seq, t.measure_seq, t.seq FROM tasks t WHERE t.id = NEW.task_id)
  WHERE task_id = NEW.task_id AND unit_id = NEW.unit_id;
END;

CREATE TRIGGER task_cooperators_place_update AFTER UPDATE OF task_id ON task_cooperators BEGIN
  UPDATE task_cooperators SET (task_retired_at, chapter_seq, section_seq, measure_seq, task_seq) =
    (SELECT t.retired_at, t.chapter_seq, t.section_seq, t.measure_seq, t.seq FROM tasks t WHERE t.id = NEW.task_id)
  WHERE task_id = NEW.task_id AND unit_id = NEW.unit_id;
END;

CREATE TRIGGER tasks_cooperators_place AFTER UPDATE OF retired_at, chapter_seq, section_seq, measure_seq, seq ON tasks
WHEN OLD.retired_at IS NOT NEW.retired_at OR OLD.chapter_seq IS NOT NEW.chapter_seq OR OLD.section_seq IS NOT NEW.section_seq
  OR OLD.measure_seq IS NOT NEW.measure_seq OR OLD.seq IS NOT NEW.seq
BEGIN
  UPDATE task_cooperators SET task_retired_at = NEW.retired_at, chapter_seq = NEW.chapter_seq, section_seq = NEW.section_seq,
    measure_seq = NEW.measure_seq, task_seq = NEW.seq
  WHERE task_id = NEW.id;
END;

CREATE INDEX task_cooperators_by_unit_place ON task_cooperators (unit_id, task_retired_at, chapter_seq, section_seq, measure_seq, task_seq, task_id);
