-- 0033: nothing to change here. On PostgreSQL the remaining tally triggers (round_tasks, task_cooperators, problems,
-- and the task delete) become static SQL (see migrations/postgres/0033); SQLite's row triggers are static statements
-- already.
SELECT 1;
