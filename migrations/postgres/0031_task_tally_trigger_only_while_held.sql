-- 0031: nothing to change here. SQLite's row trigger on task updates now works only while the plan's tallies are held
-- (see the SQLite file): its cost was per updated row. PostgreSQL's tally triggers (0022) run once per statement over
-- its transition tables, and count only rows of plans in plan_tally_days.
SELECT 1;
