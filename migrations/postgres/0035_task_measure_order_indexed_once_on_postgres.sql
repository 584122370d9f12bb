-- 0035: tasks_by_measure (measure_id, seq) is the very index UNIQUE (measure_id, seq) already keeps (0001), so it goes:
-- every query it served reads the unique one the same way. No report's update of a task is HOT (its status and light
-- dates are in the list indexes), so each index on `tasks` gets a new entry per report: this one was 1 of 9, ~7% of
-- the WAL records of a template import's task updates (250 tasks: 3,008 → 2,812, bench data, PostgreSQL 15).
DROP INDEX IF EXISTS tasks_by_measure;
