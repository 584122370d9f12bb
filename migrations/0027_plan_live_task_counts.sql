-- 0027: each plan's live tasks, kept as tasks are added, retired, revived, moved or deleted. The plan list (the app's
-- first call on every start) showed the count by reading every live task's index entry: 4 ms of the first answer for
-- a 40,000-task plan, growing with the plan (issue 21). The count does not depend on the day, unlike 跟踪分析's tallies
-- (0022), so it is kept always, not only while a plan's tallies hold. plan-tallies.test.ts holds it equal to a count
-- of the tasks after every kind of write, on both engines.
CREATE TABLE plan_task_counts (
  plan_id  INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  live     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO plan_task_counts (plan_id, live)
SELECT plans.id, (SELECT count(*) FROM tasks WHERE tasks.plan_id = plans.id AND tasks.retired_at IS NULL) FROM plans;

CREATE TRIGGER plans_task_count_insert AFTER INSERT ON plans BEGIN
  INSERT INTO plan_task_counts (plan_id, live) VALUES (NEW.id, 0);
END;

CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks WHEN NEW.retired_at IS NULL BEGIN
  UPDATE plan_task_counts SET live = live + 1 WHERE plan_id = NEW.plan_id;
END;

CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks WHEN OLD.retired_at IS NULL BEGIN
  UPDATE plan_task_counts SET live = live - 1 WHERE plan_id = OLD.plan_id;
END;

CREATE TRIGGER tasks_count_update AFTER UPDATE OF plan_id, retired_at ON tasks
WHEN OLD.plan_id IS NOT NEW.plan_id OR (OLD.retired_at IS NULL) IS NOT (NEW.retired_at IS NULL)
BEGIN
  UPDATE plan_task_counts SET live = live - 1 WHERE plan_id = OLD.plan_id AND OLD.retired_at IS NULL;
  UPDATE plan_task_counts SET live = live + 1 WHERE plan_id = NEW.plan_id AND NEW.retired_at IS NULL;
END;
