-- 0029: 0028's two triggers that take a cooperating unit's share out wrote `UPDATE … AS x … FROM`, which SQLite reads
-- in a trigger only from 3.4x on: an older sqlite3 (3.40, as Debian ships it) refuses the whole schema as malformed,
-- so the office could not open its database file with the usual SQLite tools. The same, with subqueries.
DROP TRIGGER task_cooperators_status_tally_delete;
DROP TRIGGER task_cooperators_status_tally_update;

CREATE TRIGGER task_cooperators_status_tally_delete AFTER DELETE ON task_cooperators BEGIN
  UPDATE plan_cooperator_status_tallies SET n = n - 1,
    grey = grey - (SELECT t.light_base = 'grey' FROM tasks t WHERE t.id = OLD.task_id),
    unlit = unlit - (SELECT t.light_base = 'none' FROM tasks t WHERE t.id = OLD.task_id),
    yellow_or_red = yellow_or_red - (SELECT coalesce(t.light_yellow_from <= d.as_of, 0) FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id WHERE t.id = OLD.task_id),
    red = red - (SELECT coalesce(t.light_red_from <= d.as_of, 0) FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id WHERE t.id = OLD.task_id)
  WHERE unit_id = OLD.unit_id
    AND (plan_id, status) = (SELECT t.plan_id, t.status FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id WHERE t.id = OLD.task_id AND t.retired_at IS NULL);
END;

CREATE TRIGGER task_cooperators_status_tally_update AFTER UPDATE OF task_id, unit_id ON task_cooperators BEGIN
  UPDATE plan_cooperator_status_tallies SET n = n - 1,
    grey = grey - (SELECT t.light_base = 'grey' FROM tasks t WHERE t.id = OLD.task_id),
    unlit = unlit - (SELECT t.light_base = 'none' FROM tasks t WHERE t.id = OLD.task_id),
    yellow_or_red = yellow_or_red - (SELECT coalesce(t.light_yellow_from <= d.as_of, 0) FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id WHERE t.id = OLD.task_id),
    red = red - (SELECT coalesce(t.light_red_from <= d.as_of, 0) FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id WHERE t.id = OLD.task_id)
  WHERE unit_id = OLD.unit_id
    AND (plan_id, status) = (SELECT t.plan_id, t.status FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id WHERE t.id = OLD.task_id AND t.retired_at IS NULL);
  INSERT INTO plan_cooperator_status_tallies (plan_id, unit_id, status, n, grey, unlit, yellow_or_red, red)
  SELECT t.plan_id, NEW.unit_id, t.status, 1, t.light_base = 'grey', t.light_base = 'none',
    coalesce(t.light_yellow_from <= d.as_of, 0), coalesce(t.light_red_from <= d.as_of, 0)
  FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id
  WHERE t.id = NEW.task_id AND t.retired_at IS NULL
  ON CONFLICT (plan_id, unit_id, status) DO UPDATE SET n = n + 1, grey = grey + excluded.grey, unlit = unlit + excluded.unlit,
    yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
END;
