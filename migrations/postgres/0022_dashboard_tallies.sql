-- 0022: 跟踪分析's counts kept as the data changes (see migrations/0022_dashboard_tallies.sql for the design): the same
-- tables, kept by plpgsql triggers that add or take out one row's share. dashboard/plan-tallies.ts rebuilds a plan's
-- tallies when its plan_tally_days row is missing or for another day; plan-tallies.test.ts holds the kept tallies
-- equal to a fresh count after every kind of write on this engine too.

CREATE TABLE plan_tally_days (
  plan_id  BIGINT PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  as_of    TEXT COLLATE "C" NOT NULL
);

CREATE TABLE plan_chapter_tallies (
  plan_id        BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  chapter_id     BIGINT NOT NULL,
  n              BIGINT NOT NULL,
  done           BIGINT NOT NULL,
  percent_sum    BIGINT NOT NULL,
  grey           BIGINT NOT NULL,
  unlit          BIGINT NOT NULL,
  yellow_or_red  BIGINT NOT NULL,
  red            BIGINT NOT NULL,
  PRIMARY KEY (plan_id, chapter_id)
);

CREATE TABLE plan_lead_tallies (
  plan_id        BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  lead_unit_id   BIGINT NOT NULL,
  status         TEXT COLLATE "C" NOT NULL,
  n              BIGINT NOT NULL,
  percent_sum    BIGINT NOT NULL,
  grey           BIGINT NOT NULL,
  unlit          BIGINT NOT NULL,
  yellow_or_red  BIGINT NOT NULL,
  red            BIGINT NOT NULL,
  PRIMARY KEY (plan_id, lead_unit_id, status)
);

CREATE TABLE plan_cooperator_tallies (
  plan_id  BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  unit_id  BIGINT NOT NULL,
  n        BIGINT NOT NULL,
  PRIMARY KEY (plan_id, unit_id)
);

CREATE TABLE round_unit_tallies (
  round_id  BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  unit_id   BIGINT NOT NULL,
  expected  BIGINT NOT NULL,
  reported  BIGINT NOT NULL,
  late      BIGINT NOT NULL,
  PRIMARY KEY (round_id, unit_id)
);

CREATE TABLE plan_problem_tallies (
  plan_id     BIGINT PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  open        BIGINT NOT NULL,
  open_major  BIGINT NOT NULL
);

CREATE TABLE plan_notice_tallies (
  plan_id  BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  level    TEXT COLLATE "C" NOT NULL,
  open     BIGINT NOT NULL,
  overdue  BIGINT NOT NULL,
  PRIMARY KEY (plan_id, level)
);

-- One task row's share (sign 1: in, -1: out), while it is live and its plan's tallies hold.
CREATE FUNCTION pd_tally_task(t tasks, sign INTEGER) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  day TEXT;
  chapter BIGINT;
BEGIN
  IF t.retired_at IS NOT NULL THEN RETURN; END IF;
  SELECT d.as_of INTO day FROM plan_tally_days d WHERE d.plan_id = t.plan_id;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT s.chapter_id INTO chapter FROM measures m JOIN sections s ON s.id = m.section_id WHERE m.id = t.measure_id;
  INSERT INTO plan_chapter_tallies AS x (plan_id, chapter_id, n, done, percent_sum, grey, unlit, yellow_or_red, red)
  VALUES (t.plan_id, chapter, sign, sign * (t.status = '已完成')::int, sign * t.percent, sign * (t.light_base = 'grey')::int,
    sign * (t.light_base = 'none')::int, sign * coalesce(t.light_yellow_from <= day, false)::int, sign * coalesce(t.light_red_from <= day, false)::int)
  ON CONFLICT (plan_id, chapter_id) DO UPDATE SET n = x.n + excluded.n, done = x.done + excluded.done, percent_sum = x.percent_sum + excluded.percent_sum,
    grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit, yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red;
  INSERT INTO plan_lead_tallies AS x (plan_id, lead_unit_id, status, n, percent_sum, grey, unlit, yellow_or_red, red)
  VALUES (t.plan_id, coalesce(t.lead_unit_id, 0), t.status, sign, sign * t.percent, sign * (t.light_base = 'grey')::int,
    sign * (t.light_base = 'none')::int, sign * coalesce(t.light_yellow_from <= day, false)::int, sign * coalesce(t.light_red_from <= day, false)::int)
  ON CONFLICT (plan_id, lead_unit_id, status) DO UPDATE SET n = x.n + excluded.n, percent_sum = x.percent_sum + excluded.percent_sum,
    grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit, yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red;
END $$;

-- The task's cooperating units' counts (sign 1: the task counts for them again, -1: no longer).
CREATE FUNCTION pd_tally_task_cooperators(t tasks, sign INTEGER) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF t.retired_at IS NOT NULL OR NOT EXISTS (SELECT 1 FROM plan_tally_days WHERE plan_id = t.plan_id) THEN RETURN; END IF;
  INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
  SELECT t.plan_id, tc.unit_id, sign FROM task_cooperators tc WHERE tc.task_id = t.id
  ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n;
END $$;

CREATE FUNCTION pd_tasks_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- Only when a new install takes the office's plans: rebuilt on the next read.
    DELETE FROM plan_tally_days WHERE plan_id = OLD.plan_id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF (OLD.plan_id, OLD.measure_id, OLD.lead_unit_id, OLD.status, OLD.percent, OLD.retired_at, OLD.light_base, OLD.light_yellow_from, OLD.light_red_from)
       IS NOT DISTINCT FROM (NEW.plan_id, NEW.measure_id, NEW.lead_unit_id, NEW.status, NEW.percent, NEW.retired_at, NEW.light_base, NEW.light_yellow_from, NEW.light_red_from) THEN
      RETURN NULL;
    END IF;
    PERFORM pd_tally_task(OLD, -1);
    IF OLD.retired_at IS DISTINCT FROM NEW.retired_at OR OLD.plan_id <> NEW.plan_id THEN
      PERFORM pd_tally_task_cooperators(OLD, -1);
      PERFORM pd_tally_task_cooperators(NEW, 1);
    END IF;
  END IF;
  PERFORM pd_tally_task(NEW, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_tally AFTER INSERT OR DELETE OR UPDATE OF plan_id, measure_id, lead_unit_id, status, percent, retired_at, light_base, light_yellow_from, light_red_from
ON tasks FOR EACH ROW EXECUTE FUNCTION pd_tasks_tally();

CREATE FUNCTION pd_tally_cooperator(c task_cooperators, sign INTEGER) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
  SELECT t.plan_id, c.unit_id, sign FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id WHERE t.id = c.task_id AND t.retired_at IS NULL
  ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n;
END $$;

CREATE FUNCTION pd_task_cooperators_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM pd_tally_cooperator(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM pd_tally_cooperator(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER task_cooperators_tally AFTER INSERT OR DELETE OR UPDATE OF task_id, unit_id ON task_cooperators
FOR EACH ROW EXECUTE FUNCTION pd_task_cooperators_tally();

-- A round row's share: owed, reported, 迟报 (rules/report-date.ts: after the round's due date), for rounds not closed.
CREATE FUNCTION pd_tally_round_task(r round_tasks, sign INTEGER) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  due TEXT;
BEGIN
  SELECT rd.due_date INTO due FROM rounds rd JOIN plan_tally_days d ON d.plan_id = rd.plan_id WHERE rd.id = r.round_id AND rd.state <> 'closed';
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO round_unit_tallies AS x (round_id, unit_id, expected, reported, late)
  VALUES (r.round_id, r.unit_id, sign, sign * (r.report_id IS NOT NULL)::int, sign * (CASE WHEN r.report_date > due THEN 1 ELSE 0 END))
  ON CONFLICT (round_id, unit_id) DO UPDATE SET expected = x.expected + excluded.expected, reported = x.reported + excluded.reported, late = x.late + excluded.late;
END $$;

CREATE FUNCTION pd_round_tasks_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.round_id, OLD.unit_id, OLD.report_id, OLD.report_date) IS NOT DISTINCT FROM (NEW.round_id, NEW.unit_id, NEW.report_id, NEW.report_date) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM pd_tally_round_task(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM pd_tally_round_task(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER round_tasks_tally AFTER INSERT OR DELETE OR UPDATE OF round_id, unit_id, report_id, report_date ON round_tasks
FOR EACH ROW EXECUTE FUNCTION pd_round_tasks_tally();

-- A problem's share while unsolved (open or in progress).
CREATE FUNCTION pd_problems_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state IN ('open', 'in_progress') THEN
    UPDATE plan_problem_tallies SET open = open - 1, open_major = open_major - OLD.is_major WHERE plan_id = OLD.plan_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.state IN ('open', 'in_progress') THEN
    UPDATE plan_problem_tallies SET open = open + 1, open_major = open_major + NEW.is_major WHERE plan_id = NEW.plan_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER problems_tally AFTER INSERT OR DELETE OR UPDATE OF plan_id, state, is_major ON problems
FOR EACH ROW EXECUTE FUNCTION pd_problems_tally();

-- A notice's share while not 办结: 逾期 by the rule (rules/notice-overdue.ts) on as_of, its last 反馈 leaving out
-- the step `without` (the reply being added: its share before it).
CREATE FUNCTION pd_tally_notice(n supervision_notices, sign INTEGER, without BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  day TEXT;
  last_reply TEXT;
BEGIN
  IF n.state = 'closed' THEN RETURN; END IF;
  SELECT d.as_of INTO day FROM plan_tally_days d WHERE d.plan_id = n.plan_id;
  IF NOT FOUND THEN RETURN; END IF;
  last_reply := pd_china_date((SELECT max(s.created_at) FROM notice_steps s WHERE s.notice_id = n.id AND s.action = '反馈' AND s.id IS DISTINCT FROM without));
  INSERT INTO plan_notice_tallies AS x (plan_id, level, open, overdue)
  VALUES (n.plan_id, n.level, sign, sign * (CASE WHEN last_reply > n.reply_due OR day > n.reply_due THEN 1 ELSE 0 END))
  ON CONFLICT (plan_id, level) DO UPDATE SET open = x.open + excluded.open, overdue = x.overdue + excluded.overdue;
END $$;

CREATE FUNCTION pd_supervision_notices_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM plan_tally_days WHERE plan_id = OLD.plan_id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF (OLD.plan_id, OLD.level, OLD.state, OLD.reply_due) IS NOT DISTINCT FROM (NEW.plan_id, NEW.level, NEW.state, NEW.reply_due) THEN RETURN NULL; END IF;
    PERFORM pd_tally_notice(OLD, -1, NULL);
  END IF;
  PERFORM pd_tally_notice(NEW, 1, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER supervision_notices_tally AFTER INSERT OR DELETE OR UPDATE OF plan_id, level, state, reply_due ON supervision_notices
FOR EACH ROW EXECUTE FUNCTION pd_supervision_notices_tally();

CREATE FUNCTION pd_notice_steps_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  n supervision_notices;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.action <> '反馈' THEN RETURN NULL; END IF;
    SELECT * INTO n FROM supervision_notices WHERE id = NEW.notice_id;
    PERFORM pd_tally_notice(n, -1, NEW.id);
    PERFORM pd_tally_notice(n, 1, NULL);
    RETURN NULL;
  END IF;
  -- A step changed or removed (nothing in the app does): rebuilt on the next read.
  DELETE FROM plan_tally_days WHERE plan_id IN (SELECT plan_id FROM supervision_notices WHERE id = OLD.notice_id);
  RETURN NULL;
END $$;
CREATE TRIGGER notice_steps_tally AFTER INSERT OR DELETE OR UPDATE OF notice_id, action, created_at ON notice_steps
FOR EACH ROW EXECUTE FUNCTION pd_notice_steps_tally();

-- What the triggers cannot follow row by row: the plan's tallies are rebuilt on the next read.
CREATE FUNCTION pd_tally_forget_plan() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM plan_tally_days WHERE plan_id = OLD.plan_id;
  IF TG_OP = 'UPDATE' THEN DELETE FROM plan_tally_days WHERE plan_id = NEW.plan_id; END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER measures_tally_deleted AFTER DELETE ON measures FOR EACH ROW EXECUTE FUNCTION pd_tally_forget_plan();
CREATE TRIGGER measures_tally_moved AFTER UPDATE OF section_id, plan_id ON measures FOR EACH ROW
WHEN (OLD.section_id IS DISTINCT FROM NEW.section_id OR OLD.plan_id IS DISTINCT FROM NEW.plan_id) EXECUTE FUNCTION pd_tally_forget_plan();
CREATE TRIGGER sections_tally_deleted AFTER DELETE ON sections FOR EACH ROW EXECUTE FUNCTION pd_tally_forget_plan();
CREATE TRIGGER sections_tally_moved AFTER UPDATE OF chapter_id, plan_id ON sections FOR EACH ROW
WHEN (OLD.chapter_id IS DISTINCT FROM NEW.chapter_id OR OLD.plan_id IS DISTINCT FROM NEW.plan_id) EXECUTE FUNCTION pd_tally_forget_plan();
CREATE TRIGGER rounds_tally_deleted AFTER DELETE ON rounds FOR EACH ROW EXECUTE FUNCTION pd_tally_forget_plan();
CREATE TRIGGER rounds_tally_changed AFTER UPDATE OF due_date, state, plan_id ON rounds FOR EACH ROW
WHEN (OLD.due_date IS DISTINCT FROM NEW.due_date OR OLD.state IS DISTINCT FROM NEW.state OR OLD.plan_id IS DISTINCT FROM NEW.plan_id)
EXECUTE FUNCTION pd_tally_forget_plan();
