-- A task's 序时进度 runs from the day it was assigned, not from the plan's first day (DOMAIN.md): a task given to a
-- unit in the plan's fourth year was shown 80 % behind and red on its first day. Assigning now writes the start;
-- tasks assigned before this version take the Beijing date of their first recorded assignment of a lead unit,
-- kept inside the plan's range and never after the task's own deadline. A start the office set stays as it was.
UPDATE tasks
SET start_date = (
  SELECT min(pd_china_date(e.created_at))
  FROM task_events e
  WHERE e.task_id = tasks.id AND e.kind = 'assigned' AND e.summary LIKE '%牵头单位：%' AND e.summary NOT LIKE '%未写入：牵头单位%'
)
WHERE lead_unit_id IS NOT NULL
  AND start_date IS NULL
  AND EXISTS (
    SELECT 1 FROM task_events e
    WHERE e.task_id = tasks.id AND e.kind = 'assigned' AND e.summary LIKE '%牵头单位：%' AND e.summary NOT LIKE '%未写入：牵头单位%'
  );

UPDATE tasks
SET start_date = (SELECT p.period_start || '-01-01' FROM plans p WHERE p.id = tasks.plan_id)
WHERE start_date IS NOT NULL AND start_date < (SELECT p.period_start || '-01-01' FROM plans p WHERE p.id = tasks.plan_id);

UPDATE tasks
SET start_date = deadline
WHERE start_date IS NOT NULL AND deadline IS NOT NULL AND start_date > deadline;
