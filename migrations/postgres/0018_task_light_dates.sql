-- 0018: each task's warning light as dates (rules/task-light-dates.ts): the light it has before any transition, and
-- the first days it is yellow and red. The light turns green → yellow → red as days pass for fixed inputs, so the
-- lists and the dashboard count lights by comparing these dates with today instead of working the rule out for each
-- of a plan's 10,000 tasks on every call (dashboard 53 ms → see bench/). The dates are worked out in TypeScript by
-- the rule's owner whenever a task, its report, its deadline or the thresholds change (tasks/task-lights.ts).
ALTER TABLE tasks ADD COLUMN light_base TEXT COLLATE "C" NOT NULL DEFAULT 'none' CHECK (light_base IN ('none', 'green', 'grey'));
ALTER TABLE tasks ADD COLUMN light_yellow_from TEXT COLLATE "C";
ALTER TABLE tasks ADD COLUMN light_red_from TEXT COLLATE "C";

-- The thresholds the stored dates were worked out with (rules/task-light-dates.ts thresholdsKey), or NULL while
-- they have not been worked out yet: tasks that existed before this migration get theirs when the app next opens.
-- A query whose thresholds differ from these works the rule out per task instead, so it is never wrong.
CREATE TABLE task_light_basis (
  id          BIGINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  thresholds  TEXT COLLATE "C"
);
INSERT INTO task_light_basis (id, thresholds) SELECT 1, NULL;

-- The dashboard tallies a plan's live tasks by lead unit and status, and by chapter (through the measure), with their
-- lights and percent: each from one of these indexes in its order, without reading the tasks' rows (the first needs no
-- sorting; with the second the chapter tally's joins follow the measures' order, half the time). Created in this
-- order on purpose: SQLite takes the later of two equally good indexes, and the cooperators' count by plan is twice as
-- fast through the measure order (task ids close together) — query-plans.test.ts pins both.
CREATE INDEX tasks_by_plan_lead ON tasks (plan_id, retired_at, lead_unit_id, status, percent, light_base, light_yellow_from, light_red_from);
CREATE INDEX tasks_by_plan_measure ON tasks (plan_id, retired_at, measure_id, status, percent, light_base, light_yellow_from, light_red_from);
