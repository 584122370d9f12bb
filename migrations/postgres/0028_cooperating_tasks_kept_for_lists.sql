-- 0028 (PostgreSQL): 我的任务's 配合任务 tab without reading every task a unit cooperates on: its counts kept by plan,
-- unit and status, and each cooperating unit's row carrying its task's place in the plan's order (see
-- migrations/0028_cooperating_tasks_kept_for_lists.sql). The tallies' triggers run per statement over its transition
-- tables, as 0022's do.
CREATE TABLE plan_cooperator_status_tallies (
  plan_id        BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  unit_id        BIGINT NOT NULL,
  status         TEXT COLLATE "C" NOT NULL,
  n              BIGINT NOT NULL,
  grey           BIGINT NOT NULL,
  unlit          BIGINT NOT NULL,
  yellow_or_red  BIGINT NOT NULL,
  red            BIGINT NOT NULL,
  PRIMARY KEY (plan_id, unit_id, status)
);

-- Every plan's tallies are counted again on their next read, this table with them.
DELETE FROM plan_tally_days;

-- A statement's changed tasks: each one's old share out and new one in, for each of its cooperating units.
CREATE FUNCTION pd_tasks_cooperator_status_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_cooperator_status_tallies AS x (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
  SELECT t.plan_id, tc.unit_id, t.status, sum(t.sign), sum(t.sign * (t.light_base = 'grey')::int), sum(t.sign * (t.light_base = 'none')::int),
    sum(t.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(t.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
  FROM (
    SELECT o.id, o.plan_id, o.status, o.retired_at, o.light_base, o.light_yellow_from, o.light_red_from, -1 AS sign
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.plan_id, o.status, o.retired_at, o.light_base, o.light_yellow_from, o.light_red_from)
      IS DISTINCT FROM (n.plan_id, n.status, n.retired_at, n.light_base, n.light_yellow_from, n.light_red_from)
    UNION ALL
    SELECT n.id, n.plan_id, n.status, n.retired_at, n.light_base, n.light_yellow_from, n.light_red_from, 1
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (o.plan_id, o.status, o.retired_at, o.light_base, o.light_yellow_from, o.light_red_from)
      IS DISTINCT FROM (n.plan_id, n.status, n.retired_at, n.light_base, n.light_yellow_from, n.light_red_from)
  ) t JOIN plan_tally_days d ON d.plan_id = t.plan_id JOIN task_cooperators tc ON tc.task_id = t.id
  WHERE t.retired_at IS NULL
  GROUP BY t.plan_id, tc.unit_id, t.status
  ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = x.n + excluded.n, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
    yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red;
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_cooperator_status_tally AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_cooperator_status_tally();

-- Cooperating units added, taken or changed: their tasks' shares in or out.
CREATE FUNCTION pd_task_cooperators_status_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  shares CONSTANT TEXT := pd_statement_shares(TG_OP, 'task_id, unit_id');
BEGIN
  EXECUTE format($q$
    INSERT INTO plan_cooperator_status_tallies AS x (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
    SELECT t.plan_id, c.unit_id, t.status, sum(c.sign), sum(c.sign * (t.light_base = 'grey')::int), sum(c.sign * (t.light_base = 'none')::int),
      sum(c.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(c.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
    FROM (%s) c JOIN tasks t ON t.id = c.task_id JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, c.unit_id, t.status
    ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = x.n + excluded.n, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
      yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red
  $q$, shares);
  RETURN NULL;
END $$;
CREATE TRIGGER task_cooperators_status_tally_insert AFTER INSERT ON task_cooperators REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_task_cooperators_status_tally();
CREATE TRIGGER task_cooperators_status_tally_update AFTER UPDATE ON task_cooperators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_task_cooperators_status_tally();
CREATE TRIGGER task_cooperators_status_tally_delete AFTER DELETE ON task_cooperators REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_task_cooperators_status_tally();

-- Its first page: each cooperating unit's row carries its task's place and whether the task is retired.
ALTER TABLE task_cooperators ADD COLUMN task_retired_at TEXT COLLATE "C";
ALTER TABLE task_cooperators ADD COLUMN chapter_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_cooperators ADD COLUMN section_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_cooperators ADD COLUMN measure_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_cooperators ADD COLUMN task_seq BIGINT NOT NULL DEFAULT 0;

UPDATE task_cooperators tc SET task_retired_at = t.retired_at, chapter_seq = t.chapter_seq, section_seq = t.section_seq, measure_seq = t.measure_seq, task_seq = t.seq
FROM tasks t WHERE t.id = tc.task_id;

CREATE FUNCTION pd_task_cooperator_place() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT t.retired_at, t.chapter_seq, t.section_seq, t.measure_seq, t.seq INTO NEW.task_retired_at, NEW.chapter_seq, NEW.section_seq, NEW.measure_seq, NEW.task_seq
  FROM tasks t WHERE t.id = NEW.task_id;
  RETURN NEW;
END $$;
CREATE TRIGGER task_cooperators_place BEFORE INSERT OR UPDATE OF task_id ON task_cooperators FOR EACH ROW EXECUTE FUNCTION pd_task_cooperator_place();

-- No column list: a task's place is set by a trigger before the row is written (0026), which UPDATE OF does not see.
CREATE FUNCTION pd_tasks_cooperators_place() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE task_cooperators SET task_retired_at = NEW.retired_at, chapter_seq = NEW.chapter_seq, section_seq = NEW.section_seq,
    measure_seq = NEW.measure_seq, task_seq = NEW.seq
  WHERE task_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_cooperators_place AFTER UPDATE ON tasks FOR EACH ROW
WHEN (OLD.retired_at IS DISTINCT FROM NEW.retired_at OR OLD.chapter_seq IS DISTINCT FROM NEW.chapter_seq OR OLD.section_seq IS DISTINCT FROM NEW.section_seq
  OR OLD.measure_seq IS DISTINCT FROM NEW.measure_seq OR OLD.seq IS DISTINCT FROM NEW.seq)
EXECUTE FUNCTION pd_tasks_cooperators_place();

-- Live tasks only, nulls where the dialect's ORDER BY puts them: what the planner needs to read the page in order
-- (see tasks_by_lead_place in 0026).
CREATE INDEX task_cooperators_by_unit_place ON task_cooperators (unit_id, chapter_seq NULLS FIRST, section_seq NULLS FIRST, measure_seq NULLS FIRST,
  task_seq NULLS FIRST, task_id NULLS FIRST)
WHERE task_retired_at IS NULL;
