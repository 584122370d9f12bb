-- 0035: nothing to change here. On PostgreSQL tasks_by_measure, the same columns as the UNIQUE (measure_id, seq)
-- index, is dropped: see migrations/postgres/0035.
SELECT 1;
