-- 0032: nothing to change here. On PostgreSQL the tally trigger on task inserts and updates becomes static SQL (see
-- migrations/postgres/0032); SQLite's row triggers are static statements already.
SELECT 1;
