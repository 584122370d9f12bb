-- 0029 (PostgreSQL): nothing to do. The SQLite file rewrites two of 0028's triggers in a form older SQLite versions
-- read; PostgreSQL's counterparts (per statement, migrations/postgres/0028) are unchanged.
SELECT 1;
