-- 0031: 0022's trigger on task updates does its work only while the task's plan (before or after) has its tallies held,
-- as its inserts already did. A plan without a row in plan_tally_days is counted afresh before any read of its
-- tallies (dashboard/plan-tallies.ts), so what the trigger would keep there is never read; yet its six statements ran
-- for every report on such a plan (generation, a plan no one has opened on 跟踪分析 or 我的任务 today or since a
-- write the triggers cannot follow): ~50 µs per updated task instead of ~10. PostgreSQL's statement triggers join
-- plan_tally_days already (its 0031 changes nothing). plan-tallies.test.ts: the tallies equal a fresh count after
-- writes made while they were not held.
DROP TRIGGER tasks_tally_update;

CREATE TRIGGER tasks_tally_update AFTER UPDATE OF plan_id, measure_id, lead_unit_id, status, percent, retired_at, light_base, light_yellow_from, light_red_from ON tasks
WHEN (OLD.plan_id IS NOT NEW.plan_id OR OLD.measure_id IS NOT NEW.measure_id OR OLD.lead_unit_id IS NOT NEW.lead_unit_id OR OLD.status IS NOT NEW.status
  OR OLD.percent IS NOT NEW.percent OR OLD.retired_at IS NOT NEW.retired_at OR OLD.light_base IS NOT NEW.light_base
  OR OLD.light_yellow_from IS NOT NEW.light_yellow_from OR OLD.light_red_from IS NOT NEW.light_red_from)
  AND EXISTS (SELECT 1 FROM plan_tally_days WHERE plan_tally_days.plan_id IN (OLD.plan_id, NEW.plan_id))
BEGIN
  UPDATE plan_chapter_tallies SET done = done - (OLD.status = '已完成'), n = n - 1, percent_sum = percent_sum - OLD.percent, grey = grey - (OLD.light_base = 'grey'),
    unlit = unlit - (OLD.light_base = 'none'), yellow_or_red = yellow_or_red - coalesce(OLD.light_yellow_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0),
    red = red - coalesce(OLD.light_red_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0)
  WHERE OLD.retired_at IS NULL AND plan_id = OLD.plan_id
    AND chapter_id = (SELECT s.chapter_id FROM measures m JOIN sections s ON s.id = m.section_id WHERE m.id = OLD.measure_id);
  UPDATE plan_lead_tallies SET n = n - 1, percent_sum = percent_sum - OLD.percent, grey = grey - (OLD.light_base = 'grey'),
    unlit = unlit - (OLD.light_base = 'none'), yellow_or_red = yellow_or_red - coalesce(OLD.light_yellow_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0),
    red = red - coalesce(OLD.light_red_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0)
  WHERE OLD.retired_at IS NULL AND plan_id = OLD.plan_id AND lead_unit_id = coalesce(OLD.lead_unit_id, 0) AND status = OLD.status;
  INSERT INTO plan_chapter_tallies (plan_id, chapter_id, n, done, percent_sum, grey, unlit, yellow_or_red, red)
  SELECT NEW.plan_id, s.chapter_id, 1, NEW.status = '已完成', NEW.percent, NEW.light_base = 'grey', NEW.light_base = 'none',
    coalesce(NEW.light_yellow_from <= d.as_of, 0), coalesce(NEW.light_red_from <= d.as_of, 0)
  FROM plan_tally_days d JOIN measures m ON m.id = NEW.measure_id JOIN sections s ON s.id = m.section_id
  WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL
  ON CONFLICT (plan_id, chapter_id) DO UPDATE SET done = done + excluded.done, n = n + 1, percent_sum = percent_sum + excluded.percent_sum,
    grey = grey + excluded.grey, unlit = unlit + excluded.unlit, yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
  INSERT INTO plan_lead_tallies (plan_id, lead_unit_id, status, n, percent_sum, grey, unlit, yellow_or_red, red)
  SELECT NEW.plan_id, coalesce(NEW.lead_unit_id, 0), NEW.status, 1, NEW.percent, NEW.light_base = 'grey', NEW.light_base = 'none',
    coalesce(NEW.light_yellow_from <= d.as_of, 0), coalesce(NEW.light_red_from <= d.as_of, 0)
  FROM plan_tally_days d WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL
  ON CONFLICT (plan_id, lead_unit_id, status) DO UPDATE SET n = n + 1, percent_sum = percent_sum + excluded.percent_sum,
    grey = grey + excluded.grey, unlit = unlit + excluded.unlit, yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
  -- Retired, revived or moved to another plan: its cooperating units' counts follow.
  UPDATE plan_cooperator_tallies SET n = n - 1
  WHERE (OLD.retired_at IS NULL) AND (NEW.retired_at IS NOT NULL OR OLD.plan_id IS NOT NEW.plan_id)
    AND plan_id = OLD.plan_id AND unit_id IN (SELECT unit_id FROM task_cooperators WHERE task_id = OLD.id);
  INSERT INTO plan_cooperator_tallies (plan_id, unit_id, n)
  SELECT NEW.plan_id, tc.unit_id, 1 FROM plan_tally_days d JOIN task_cooperators tc ON tc.task_id = NEW.id
  WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL AND (OLD.retired_at IS NOT NULL OR OLD.plan_id IS NOT NEW.plan_id)
  ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = n + 1;
END;
