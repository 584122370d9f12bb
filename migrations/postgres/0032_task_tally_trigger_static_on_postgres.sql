-- 0032: the tally trigger on task inserts and updates (0022) as static SQL, one statement each, planned once per
-- connection. 0022's function built its three statements with format() and ran them with EXECUTE on every call: every
-- report updates its task, inside the one write lock, and the statements were parsed and planned each time (~1.7 ms of
-- a ~5–6 ms submit on a test database). The counting is 0022's, unchanged: a statement's shares (inserted rows in, an
-- update's changed rows out with their old values and in with their new), into the chapter, lead-unit and cooperating
-- tallies of plans in plan_tally_days; the three as data-modifying parts of one statement over the shares, read once.
-- plan-tallies.test.ts holds the tallies equal to a fresh count after every kind of write.
DROP TRIGGER tasks_tally_insert ON tasks;
DROP TRIGGER tasks_tally_update ON tasks;

CREATE FUNCTION pd_tasks_tally_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH t AS (SELECT id, plan_id, measure_id, lead_unit_id, status, percent, retired_at, light_base, light_yellow_from, light_red_from, 1 AS sign, false AS moves FROM new_rows),
  chapters AS (
    INSERT INTO plan_chapter_tallies AS x (plan_id, chapter_id, n, done, percent_sum, grey, unlit, yellow_or_red, red)
    SELECT t.plan_id, s.chapter_id, sum(t.sign), sum(t.sign * (t.status = '已完成')::int), sum(t.sign * t.percent),
      sum(t.sign * (t.light_base = 'grey')::int), sum(t.sign * (t.light_base = 'none')::int),
      sum(t.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(t.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
    FROM t JOIN plan_tally_days d ON d.plan_id = t.plan_id JOIN measures m ON m.id = t.measure_id JOIN sections s ON s.id = m.section_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, s.chapter_id
    ON CONFLICT (plan_id, chapter_id) DO UPDATE SET n = x.n + excluded.n, done = x.done + excluded.done,
      percent_sum = x.percent_sum + excluded.percent_sum, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
      yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red
    RETURNING 1
  ),
  leads AS (
    INSERT INTO plan_lead_tallies AS x (plan_id, lead_unit_id, status, n, percent_sum, grey, unlit, yellow_or_red, red)
    SELECT t.plan_id, coalesce(t.lead_unit_id, 0), t.status, sum(t.sign), sum(t.sign * t.percent),
      sum(t.sign * (t.light_base = 'grey')::int), sum(t.sign * (t.light_base = 'none')::int),
      sum(t.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(t.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
    FROM t JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, coalesce(t.lead_unit_id, 0), t.status
    ON CONFLICT (plan_id, lead_unit_id, status) DO UPDATE SET n = x.n + excluded.n, percent_sum = x.percent_sum + excluded.percent_sum,
      grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit, yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red
    RETURNING 1
  )
  INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
  SELECT t.plan_id, tc.unit_id, sum(t.sign)
  FROM t JOIN plan_tally_days d ON d.plan_id = t.plan_id JOIN task_cooperators tc ON tc.task_id = t.id
  WHERE t.retired_at IS NULL AND t.moves
  GROUP BY t.plan_id, tc.unit_id
  ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION pd_tasks_tally_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH t AS (
    SELECT o.id, o.plan_id, o.measure_id, o.lead_unit_id, o.status, o.percent, o.retired_at, o.light_base, o.light_yellow_from, o.light_red_from, -1 AS sign, (o.retired_at IS DISTINCT FROM n.retired_at OR o.plan_id <> n.plan_id) AS moves
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.plan_id, o.measure_id, o.lead_unit_id, o.status, o.percent, o.retired_at, o.light_base, o.light_yellow_from, o.light_red_from)
      IS DISTINCT FROM (n.plan_id, n.measure_id, n.lead_unit_id, n.status, n.percent, n.retired_at, n.light_base, n.light_yellow_from, n.light_red_from)
    UNION ALL
    SELECT n.id, n.plan_id, n.measure_id, n.lead_unit_id, n.status, n.percent, n.retired_at, n.light_base, n.light_yellow_from, n.light_red_from, 1, (o.retired_at IS DISTINCT FROM n.retired_at OR o.plan_id <> n.plan_id)
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (o.plan_id, o.measure_id, o.lead_unit_id, o.status, o.percent, o.retired_at, o.light_base, o.light_yellow_from, o.light_red_from)
      IS DISTINCT FROM (n.plan_id, n.measure_id, n.lead_unit_id, n.status, n.percent, n.retired_at, n.light_base, n.light_yellow_from, n.light_red_from)
  ),
  chapters AS (
    INSERT INTO plan_chapter_tallies AS x (plan_id, chapter_id, n, done, percent_sum, grey, unlit, yellow_or_red, red)
    SELECT t.plan_id, s.chapter_id, sum(t.sign), sum(t.sign * (t.status = '已完成')::int), sum(t.sign * t.percent),
      sum(t.sign * (t.light_base = 'grey')::int), sum(t.sign * (t.light_base = 'none')::int),
      sum(t.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(t.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
    FROM t JOIN plan_tally_days d ON d.plan_id = t.plan_id JOIN measures m ON m.id = t.measure_id JOIN sections s ON s.id = m.section_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, s.chapter_id
    ON CONFLICT (plan_id, chapter_id) DO UPDATE SET n = x.n + excluded.n, done = x.done + excluded.done,
      percent_sum = x.percent_sum + excluded.percent_sum, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
      yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red
    RETURNING 1
  ),
  leads AS (
    INSERT INTO plan_lead_tallies AS x (plan_id, lead_unit_id, status, n, percent_sum, grey, unlit, yellow_or_red, red)
    SELECT t.plan_id, coalesce(t.lead_unit_id, 0), t.status, sum(t.sign), sum(t.sign * t.percent),
      sum(t.sign * (t.light_base = 'grey')::int), sum(t.sign * (t.light_base = 'none')::int),
      sum(t.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(t.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
    FROM t JOIN plan_tally_days d ON d.plan_id = t.plan_id
    WHERE t.retired_at IS NULL
    GROUP BY t.plan_id, coalesce(t.lead_unit_id, 0), t.status
    ON CONFLICT (plan_id, lead_unit_id, status) DO UPDATE SET n = x.n + excluded.n, percent_sum = x.percent_sum + excluded.percent_sum,
      grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit, yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red
    RETURNING 1
  )
  INSERT INTO plan_cooperator_tallies AS x (plan_id, unit_id, n)
  SELECT t.plan_id, tc.unit_id, sum(t.sign)
  FROM t JOIN plan_tally_days d ON d.plan_id = t.plan_id JOIN task_cooperators tc ON tc.task_id = t.id
  WHERE t.retired_at IS NULL AND t.moves
  GROUP BY t.plan_id, tc.unit_id
  ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = x.n + excluded.n;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_tally_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_tally_inserted();
CREATE TRIGGER tasks_tally_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_tally_updated();
