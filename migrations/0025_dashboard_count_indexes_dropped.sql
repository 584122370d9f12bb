-- 0025: the two indexes 0018 made for 跟踪分析's counts by lead unit and by chapter go. The dashboard reads its kept
-- tallies (0022) and counts a plan's tasks only once a day; the task lists count from 0023's indexes. Both indexes
-- hold each task's percent, so every progress report rewrote two index entries that nothing read any more: a
-- 10,000-row template import spent ~210 ms updating tasks, most of it in these (bench/).
DROP INDEX tasks_by_plan_lead;
DROP INDEX tasks_by_plan_measure;
