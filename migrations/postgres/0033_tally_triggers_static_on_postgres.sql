-- 0033: the rest of 0022's and 0028's tally triggers as static SQL, planned once per connection, as 0032 did for task
-- inserts and updates. Each of them built its statement with format() over pd_statement_shares() and ran it with
-- EXECUTE on every call, so every call parsed and planned it again, inside the one write lock: a report submitted in a
-- round updates its round_tasks row (the round's tally), a report with a problem inserts one, a task's cooperating
-- units are written with it. The counting is unchanged: each statement's shares — inserted rows in (+1), deleted rows
-- out (-1), an update's old rows out and new rows in — into the same upserts. PL/pgSQL keeps a compiled copy of a
-- trigger function per trigger, so each branch below is planned only by the trigger that runs it (only that one has
-- its transition tables). plan-tallies.test.ts and task-cooperator-tallies.test.ts hold the tallies equal to a fresh
-- count after every kind of write.

-- Cooperating units: counted while the task is live.
CREATE OR REPLACE FUNCTION pd_task_cooperators_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
    SELECT t.plan_id, c.unit_id, count(*)
    FROM new_rows c JOIN tasks t ON t.id = c.task_id JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, c.unit_id
    ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
    SELECT t.plan_id, c.unit_id, -count(*)
    FROM old_rows c JOIN tasks t ON t.id = c.task_id JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, c.unit_id
    ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n;
  ELSE
    INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
    SELECT t.plan_id, c.unit_id, sum(c.sign)
    FROM (SELECT task_id, unit_id, -1 AS sign FROM old_rows UNION ALL SELECT task_id, unit_id, 1 FROM new_rows) c
      JOIN tasks t ON t.id = c.task_id JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, c.unit_id
    ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;

-- 我的任务's cooperating tasks by plan, unit and status (0028): the shares of their tasks' counted values.
CREATE OR REPLACE FUNCTION pd_task_cooperators_status_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_cooperator_status_tallies AS x (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
    SELECT t.plan_id, c.unit_id, t.status, count(*), sum((t.light_base = 'grey')::int), sum((t.light_base = 'none')::int),
      sum(coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(coalesce(t.light_red_from <= d.as_of, false)::int)
    FROM new_rows c JOIN tasks t ON t.id = c.task_id JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, c.unit_id, t.status
    ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = x.n + excluded.n, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
      yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_cooperator_status_tallies AS x (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
    SELECT t.plan_id, c.unit_id, t.status, -count(*), -sum((t.light_base = 'grey')::int), -sum((t.light_base = 'none')::int),
      -sum(coalesce(t.light_yellow_from <= d.as_of, false)::int), -sum(coalesce(t.light_red_from <= d.as_of, false)::int)
    FROM old_rows c JOIN tasks t ON t.id = c.task_id JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, c.unit_id, t.status
    ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = x.n + excluded.n, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
      yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red;
  ELSE
    INSERT INTO plan_cooperator_status_tallies AS x (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
    SELECT t.plan_id, c.unit_id, t.status, sum(c.sign), sum(c.sign * (t.light_base = 'grey')::int), sum(c.sign * (t.light_base = 'none')::int),
      sum(c.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(c.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
    FROM (SELECT task_id, unit_id, -1 AS sign FROM old_rows UNION ALL SELECT task_id, unit_id, 1 FROM new_rows) c
      JOIN tasks t ON t.id = c.task_id JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, c.unit_id, t.status
    ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = x.n + excluded.n, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
      yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red;
  END IF;
  RETURN NULL;
END $$;

-- A round's rows: owed, reported, 迟报 (rules/report-date.ts: after the round's due date), for rounds not closed.
CREATE OR REPLACE FUNCTION pd_round_tasks_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO round_unit_tallies AS x (round_id, unit_id, expected, reported, late)
    SELECT r.round_id, r.unit_id, count(*), count(r.report_id), sum(CASE WHEN r.report_date > rd.due_date THEN 1 ELSE 0 END)
    FROM new_rows r JOIN rounds rd ON rd.id = r.round_id JOIN plan_tally_days d ON d.plan_id = rd.plan_id
    WHERE rd.state <> 'closed'
    GROUP BY r.round_id, r.unit_id
    ON CONFLICT (round_id, unit_id) DO UPDATE SET expected = x.expected + excluded.expected, reported = x.reported + excluded.reported,
      late = x.late + excluded.late;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO round_unit_tallies AS x (round_id, unit_id, expected, reported, late)
    SELECT r.round_id, r.unit_id, -count(*), -count(r.report_id), -sum(CASE WHEN r.report_date > rd.due_date THEN 1 ELSE 0 END)
    FROM old_rows r JOIN rounds rd ON rd.id = r.round_id JOIN plan_tally_days d ON d.plan_id = rd.plan_id
    WHERE rd.state <> 'closed'
    GROUP BY r.round_id, r.unit_id
    ON CONFLICT (round_id, unit_id) DO UPDATE SET expected = x.expected + excluded.expected, reported = x.reported + excluded.reported,
      late = x.late + excluded.late;
  ELSE
    INSERT INTO round_unit_tallies AS x (round_id, unit_id, expected, reported, late)
    SELECT r.round_id, r.unit_id, sum(r.sign), sum(r.sign * (r.report_id IS NOT NULL)::int),
      sum(r.sign * CASE WHEN r.report_date > rd.due_date THEN 1 ELSE 0 END)
    FROM (SELECT round_id, unit_id, report_id, report_date, -1 AS sign FROM old_rows
          UNION ALL SELECT round_id, unit_id, report_id, report_date, 1 FROM new_rows) r
      JOIN rounds rd ON rd.id = r.round_id JOIN plan_tally_days d ON d.plan_id = rd.plan_id
    WHERE rd.state <> 'closed'
    GROUP BY r.round_id, r.unit_id
    ON CONFLICT (round_id, unit_id) DO UPDATE SET expected = x.expected + excluded.expected, reported = x.reported + excluded.reported,
      late = x.late + excluded.late;
  END IF;
  RETURN NULL;
END $$;

-- Problems: unsolved while open or in progress.
CREATE OR REPLACE FUNCTION pd_problems_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE plan_problem_tallies x SET open = x.open + p.open, open_major = x.open_major + p.open_major
    FROM (SELECT plan_id, count(*) AS open, sum(is_major) AS open_major FROM new_rows
          WHERE state IN ('open', 'in_progress') GROUP BY plan_id) p
    WHERE x.plan_id = p.plan_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE plan_problem_tallies x SET open = x.open - p.open, open_major = x.open_major - p.open_major
    FROM (SELECT plan_id, count(*) AS open, sum(is_major) AS open_major FROM old_rows
          WHERE state IN ('open', 'in_progress') GROUP BY plan_id) p
    WHERE x.plan_id = p.plan_id;
  ELSE
    UPDATE plan_problem_tallies x SET open = x.open + p.open, open_major = x.open_major + p.open_major
    FROM (SELECT plan_id, sum(sign) AS open, sum(sign * is_major) AS open_major
          FROM (SELECT plan_id, state, is_major, -1 AS sign FROM old_rows UNION ALL SELECT plan_id, state, is_major, 1 FROM new_rows) s
          WHERE state IN ('open', 'in_progress') GROUP BY plan_id) p
    WHERE x.plan_id = p.plan_id;
  END IF;
  RETURN NULL;
END $$;

-- Tasks deleted (only when a new install takes the office's plans): their plans' tallies are counted again on the next
-- read. Inserts and updates have their own functions since 0032; this one no longer declares their SQL.
CREATE OR REPLACE FUNCTION pd_tasks_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM plan_tally_days WHERE plan_id IN (SELECT plan_id FROM old_rows);
  RETURN NULL;
END $$;

-- Nothing builds tally statements any more.
DROP FUNCTION pd_task_tally_sql(TEXT);
DROP FUNCTION pd_statement_shares(TEXT, TEXT);
