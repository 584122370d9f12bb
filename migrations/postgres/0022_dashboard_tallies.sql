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

-- The triggers below are per statement, over its transition tables: one grouped upsert per tally key and statement.
-- Per row, a batch of 10,000 reports updated the same few tally rows 10,000 times in one transaction, and PostgreSQL
-- keeps every version of a row until the transaction ends, so each update walked a longer chain (the template import
-- took 9.9 s instead of 3.9 s, bench/). Each function builds the statement's shares — every row changed, its old
-- share out (-1) and its new one in (+1) — as SQL, and runs the same upserts over them: EXECUTE sees the transition
-- tables as the function's own statements do.

-- Upserts of tasks' shares (columns of `tasks`, a sign, and `moves`: whether its cooperating units' counts follow,
-- because it was retired, revived or moved to another plan) into the task and cooperator tallies of plans that hold.
CREATE FUNCTION pd_task_tally_sql(shares TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $f$
  SELECT ARRAY[
    format($q$
      INSERT INTO plan_chapter_tallies AS x (plan_id, chapter_id, n, done, percent_sum, grey, unlit, yellow_or_red, red)
      SELECT t.plan_id, s.chapter_id, sum(t.sign), sum(t.sign * (t.status = '已完成')::int), sum(t.sign * t.percent),
        sum(t.sign * (t.light_base = 'grey')::int), sum(t.sign * (t.light_base = 'none')::int),
        sum(t.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(t.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
      FROM (%s) t JOIN plan_tally_days d ON d.plan_id = t.plan_id JOIN measures m ON m.id = t.measure_id JOIN sections s ON s.id = m.section_id
      WHERE t.retired_at IS NULL
      GROUP BY t.plan_id, s.chapter_id
      ON CONFLICT (plan_id, chapter_id) DO UPDATE SET n = x.n + excluded.n, done = x.done + excluded.done,
        percent_sum = x.percent_sum + excluded.percent_sum, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
        yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red
    $q$, shares),
    format($q$
      INSERT INTO plan_lead_tallies AS x (plan_id, lead_unit_id, status, n, percent_sum, grey, unlit, yellow_or_red, red)
      SELECT t.plan_id, coalesce(t.lead_unit_id, 0), t.status, sum(t.sign), sum(t.sign * t.percent),
        sum(t.sign * (t.light_base = 'grey')::int), sum(t.sign * (t.light_base = 'none')::int),
        sum(t.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(t.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
      FROM (%s) t JOIN plan_tally_days d ON d.plan_id = t.plan_id
      WHERE t.retired_at IS NULL
      GROUP BY t.plan_id, coalesce(t.lead_unit_id, 0), t.status
      ON CONFLICT (plan_id, lead_unit_id, status) DO UPDATE SET n = x.n + excluded.n, percent_sum = x.percent_sum + excluded.percent_sum,
        grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit, yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red
    $q$, shares),
    format($q$
      INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
      SELECT t.plan_id, tc.unit_id, sum(t.sign)
      FROM (%s) t JOIN plan_tally_days d ON d.plan_id = t.plan_id JOIN task_cooperators tc ON tc.task_id = t.id
      WHERE t.retired_at IS NULL AND t.moves
      GROUP BY t.plan_id, tc.unit_id
      ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n
    $q$, shares)
  ]
$f$;

CREATE FUNCTION pd_tasks_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  counted CONSTANT TEXT := 'id, plan_id, measure_id, lead_unit_id, status, percent, retired_at, light_base, light_yellow_from, light_red_from';
  changed CONSTANT TEXT := '(o.plan_id, o.measure_id, o.lead_unit_id, o.status, o.percent, o.retired_at, o.light_base, o.light_yellow_from, o.light_red_from)
    IS DISTINCT FROM (n.plan_id, n.measure_id, n.lead_unit_id, n.status, n.percent, n.retired_at, n.light_base, n.light_yellow_from, n.light_red_from)';
  moves CONSTANT TEXT := '(o.retired_at IS DISTINCT FROM n.retired_at OR o.plan_id <> n.plan_id)';
  shares TEXT;
  q TEXT;
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- Only when a new install takes the office's plans: rebuilt on the next read.
    DELETE FROM plan_tally_days WHERE plan_id IN (SELECT plan_id FROM old_rows);
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    shares := format('SELECT %s, 1 AS sign, false AS moves FROM new_rows', counted);
  ELSE
    shares := format('SELECT o.*, -1 AS sign, %3$s AS moves FROM (SELECT %1$s FROM old_rows) o JOIN new_rows n ON n.id = o.id WHERE %2$s
      UNION ALL SELECT n.*, 1, %3$s FROM (SELECT %1$s FROM new_rows) n JOIN old_rows o ON o.id = n.id WHERE %2$s', counted, changed, moves);
  END IF;
  FOREACH q IN ARRAY pd_task_tally_sql(shares) LOOP
    EXECUTE q;
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_tally_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_tally();
CREATE TRIGGER tasks_tally_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_tally();
CREATE TRIGGER tasks_tally_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_tally();

-- A statement's shares of the given columns: the rows it inserted in (+1), the rows it deleted out (-1), an update's
-- old rows out and new rows in. `op` is the trigger's TG_OP; the transition tables are new_rows and old_rows.
CREATE FUNCTION pd_statement_shares(op TEXT, columns TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $f$
  SELECT CASE op
    WHEN 'INSERT' THEN format('SELECT %s, 1 AS sign FROM new_rows', columns)
    WHEN 'DELETE' THEN format('SELECT %s, -1 AS sign FROM old_rows', columns)
    ELSE format('SELECT %1$s, -1 AS sign FROM old_rows UNION ALL SELECT %1$s, 1 FROM new_rows', columns) END
$f$;

-- Cooperating units: counted while the task is live.
CREATE FUNCTION pd_task_cooperators_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  shares CONSTANT TEXT := pd_statement_shares(TG_OP, 'task_id, unit_id');
BEGIN
  EXECUTE format($q$
    INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
    SELECT t.plan_id, c.unit_id, sum(c.sign)
    FROM (%s) c JOIN tasks t ON t.id = c.task_id JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, c.unit_id
    ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n
  $q$, shares);
  RETURN NULL;
END $$;
CREATE TRIGGER task_cooperators_tally_insert AFTER INSERT ON task_cooperators REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_task_cooperators_tally();
CREATE TRIGGER task_cooperators_tally_update AFTER UPDATE ON task_cooperators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_task_cooperators_tally();
CREATE TRIGGER task_cooperators_tally_delete AFTER DELETE ON task_cooperators REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_task_cooperators_tally();

-- A round's rows: owed, reported, 迟报 (rules/report-date.ts: after the round's due date), for rounds not closed.
CREATE FUNCTION pd_round_tasks_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  shares CONSTANT TEXT := pd_statement_shares(TG_OP, 'round_id, unit_id, report_id, report_date');
BEGIN
  EXECUTE format($q$
    INSERT INTO round_unit_tallies AS x (round_id, unit_id, expected, reported, late)
    SELECT r.round_id, r.unit_id, sum(r.sign), sum(r.sign * (r.report_id IS NOT NULL)::int),
      sum(r.sign * CASE WHEN r.report_date > rd.due_date THEN 1 ELSE 0 END)
    FROM (%s) r JOIN rounds rd ON rd.id = r.round_id JOIN plan_tally_days d ON d.plan_id = rd.plan_id
    WHERE rd.state <> 'closed'
    GROUP BY r.round_id, r.unit_id
    ON CONFLICT (round_id, unit_id) DO UPDATE SET expected = x.expected + excluded.expected, reported = x.reported + excluded.reported,
      late = x.late + excluded.late
  $q$, shares);
  RETURN NULL;
END $$;
CREATE TRIGGER round_tasks_tally_insert AFTER INSERT ON round_tasks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_round_tasks_tally();
CREATE TRIGGER round_tasks_tally_update AFTER UPDATE ON round_tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_round_tasks_tally();
CREATE TRIGGER round_tasks_tally_delete AFTER DELETE ON round_tasks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_round_tasks_tally();

-- Problems: unsolved while open or in progress.
CREATE FUNCTION pd_problems_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  shares CONSTANT TEXT := pd_statement_shares(TG_OP, 'plan_id, state, is_major');
BEGIN
  EXECUTE format($q$
    UPDATE plan_problem_tallies x SET open = x.open + p.open, open_major = x.open_major + p.open_major
    FROM (SELECT plan_id, sum(sign) AS open, sum(sign * is_major) AS open_major FROM (%s) s
          WHERE state IN ('open', 'in_progress') GROUP BY plan_id) p
    WHERE x.plan_id = p.plan_id
  $q$, shares);
  RETURN NULL;
END $$;
CREATE TRIGGER problems_tally_insert AFTER INSERT ON problems REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_problems_tally();
CREATE TRIGGER problems_tally_update AFTER UPDATE ON problems REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_problems_tally();
CREATE TRIGGER problems_tally_delete AFTER DELETE ON problems REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_problems_tally();

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
