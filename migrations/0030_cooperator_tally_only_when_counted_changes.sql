-- 0030: 0028's trigger on tasks took each cooperating task's share out and put it back whenever its stored light dates
-- moved, which nearly every report does (its percent moves the day the task turns yellow or red), though the counts
-- only change when the task crosses the tally day: a template import of 10,000 reports spent twice as long in its task
-- updates (bench/: 10,000 task updates 420 → 840 ms). It now fires only when what the tallies count changes: the plan,
-- status, retirement or base light, or whether the task is yellow or red on its plan's tally day.
DROP TRIGGER tasks_cooperator_status_tally;

CREATE TRIGGER tasks_cooperator_status_tally AFTER UPDATE OF plan_id, status, retired_at, light_base, light_yellow_from, light_red_from ON tasks
WHEN OLD.plan_id IS NOT NEW.plan_id OR OLD.status IS NOT NEW.status OR OLD.retired_at IS NOT NEW.retired_at OR OLD.light_base IS NOT NEW.light_base
  OR coalesce(OLD.light_yellow_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = NEW.plan_id), 0)
    IS NOT coalesce(NEW.light_yellow_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = NEW.plan_id), 0)
  OR coalesce(OLD.light_red_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = NEW.plan_id), 0)
    IS NOT coalesce(NEW.light_red_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = NEW.plan_id), 0)
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
