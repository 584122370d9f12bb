-- 0030 (PostgreSQL): the cooperating tallies' trigger on tasks takes shares only of the tasks whose counted values
-- changed — plan, status, retirement, base light, or whether the task is yellow or red on its plan's tally day — not of
-- every task whose stored light dates moved (nearly every report), as on SQLite (migrations/0030).
CREATE OR REPLACE FUNCTION pd_tasks_cooperator_status_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id LEFT JOIN plan_tally_days d ON d.plan_id = n.plan_id
    WHERE (o.plan_id, o.status, o.retired_at, o.light_base) IS DISTINCT FROM (n.plan_id, n.status, n.retired_at, n.light_base)
      OR coalesce(o.light_yellow_from <= d.as_of, false) <> coalesce(n.light_yellow_from <= d.as_of, false)
      OR coalesce(o.light_red_from <= d.as_of, false) <> coalesce(n.light_red_from <= d.as_of, false)
  )
  INSERT INTO plan_cooperator_status_tallies AS x (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
  SELECT t.plan_id, tc.unit_id, t.status, sum(t.sign), sum(t.sign * (t.light_base = 'grey')::int), sum(t.sign * (t.light_base = 'none')::int),
    sum(t.sign * coalesce(t.light_yellow_from <= d.as_of, false)::int), sum(t.sign * coalesce(t.light_red_from <= d.as_of, false)::int)
  FROM (
    SELECT o.id, o.plan_id, o.status, o.retired_at, o.light_base, o.light_yellow_from, o.light_red_from, -1 AS sign
    FROM old_rows o WHERE o.id IN (SELECT id FROM changed)
    UNION ALL
    SELECT n.id, n.plan_id, n.status, n.retired_at, n.light_base, n.light_yellow_from, n.light_red_from, 1
    FROM new_rows n WHERE n.id IN (SELECT id FROM changed)
  ) t JOIN plan_tally_days d ON d.plan_id = t.plan_id JOIN task_cooperators tc ON tc.task_id = t.id
  WHERE t.retired_at IS NULL
  GROUP BY t.plan_id, tc.unit_id, t.status
  ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = x.n + excluded.n, grey = x.grey + excluded.grey, unlit = x.unlit + excluded.unlit,
    yellow_or_red = x.yellow_or_red + excluded.yellow_or_red, red = x.red + excluded.red;
  RETURN NULL;
END $$;
