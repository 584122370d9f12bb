-- The task lists' counts and pages read from indexes alone. A list's page (a plan's tasks with a status filter, or
-- 我的任务: a unit's lead tasks) counts its tasks by status and light: these indexes hold the tasks in status and base
-- light order, so the count groups as it reads without sorting, with the stored light dates (0018) beside to count the
-- lights without the tasks' rows. Within a status and base light, the tasks are in their measures' order, and the
-- page's sort keys (measure, seq, deadline) are held too: the page's ids come from the same index, and the joins to
-- measures, sections and chapters for the plan's order read those tables in order instead of jumping about them.
CREATE INDEX tasks_by_plan_status ON tasks (plan_id, status, retired_at, light_base, measure_id, seq, deadline, light_yellow_from, light_red_from, lead_unit_id);
CREATE INDEX tasks_by_lead_status ON tasks (lead_unit_id, retired_at, status, light_base, measure_id, seq, plan_id, deadline, light_yellow_from, light_red_from);
-- tasks_by_lead_status begins with the lead unit: everything tasks_by_lead_unit (0002) served, it serves, and every
-- task write keeps one index fewer up to date.
DROP INDEX tasks_by_lead_unit;
