-- 0034: nothing to change here. On PostgreSQL the searched task text moves to a table of its own, task_fts, as SQLite
-- has kept it since 0002 (the FTS5 table, written only when a task's text changes): see migrations/postgres/0034.
SELECT 1;
