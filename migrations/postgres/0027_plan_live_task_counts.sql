-- 0027: each plan's live tasks, kept as tasks are added, retired, revived, moved or deleted (see the SQLite file).
-- Statement triggers over the transition tables, as 0022's tallies: one grouped update per statement, not one per
-- row (a plan's 40,000 tasks inserted in one statement would otherwise update one row 40,000 times).
CREATE TABLE plan_task_counts (
  plan_id  BIGINT PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  live     BIGINT NOT NULL
);

INSERT INTO plan_task_counts (plan_id, live)
SELECT plans.id, (SELECT count(*) FROM tasks WHERE tasks.plan_id = plans.id AND tasks.retired_at IS NULL) FROM plans;

CREATE FUNCTION pd_plans_task_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_task_counts (plan_id, live) SELECT id, 0 FROM new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER plans_task_count_insert AFTER INSERT ON plans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_plans_task_count();

-- Static SQL in each branch (planned once per connection), not a statement built per call: every report updates its
-- task, and this ran inside the write lock each time (a dynamic statement cost ~0.3 ms of a ~5 ms submit).
CREATE FUNCTION pd_tasks_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE plan_task_counts x SET live = x.live + s.n
    FROM (SELECT plan_id, count(*) AS n FROM new_rows WHERE retired_at IS NULL GROUP BY plan_id) s
    WHERE x.plan_id = s.plan_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE plan_task_counts x SET live = x.live - s.n
    FROM (SELECT plan_id, count(*) AS n FROM old_rows WHERE retired_at IS NULL GROUP BY plan_id) s
    WHERE x.plan_id = s.plan_id;
  ELSE
    UPDATE plan_task_counts x SET live = x.live + s.delta
    FROM (SELECT plan_id, sum(sign) AS delta
          FROM (SELECT plan_id, -1 AS sign FROM old_rows WHERE retired_at IS NULL
                UNION ALL SELECT plan_id, 1 FROM new_rows WHERE retired_at IS NULL) t
          GROUP BY plan_id) s
    WHERE x.plan_id = s.plan_id AND s.delta <> 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_count();
-- Every update statement (PostgreSQL takes no column list with transition tables): rows whose plan and liveness stay
-- the same net to nothing, and nothing is written.
CREATE TRIGGER tasks_count_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_count();
CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_tasks_count();
