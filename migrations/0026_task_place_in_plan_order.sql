-- 0026: each task carries its place in the plan's order (its chapter's, section's and measure's numbers beside its
-- own seq) and its effective deadline (its own, else its plan's last day: rules/plan-period.ts taskSpan), kept by the
-- triggers below, so that a list's page is read from an index in its order instead of sorting every match with the
-- joins to measures, sections and chapters (issue 21: a status page of a 40,000-task plan sorted 31,706 rows for 50;
-- 我的任务 sorted all of a unit's tasks for its first page). The task lists order by these columns
-- (tasks/task-query.ts inOrder); task-place.test.ts holds them equal to the joined values after every kind of write.
ALTER TABLE tasks ADD COLUMN chapter_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN section_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN measure_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN effective_deadline TEXT NOT NULL DEFAULT '';

UPDATE tasks SET
  (chapter_seq, section_seq, measure_seq) = (SELECT c.seq, s.seq, m.seq FROM measures m JOIN sections s ON s.id = m.section_id JOIN chapters c ON c.id = s.chapter_id WHERE m.id = tasks.measure_id),
  effective_deadline = coalesce(deadline, (SELECT p.period_end || '-12-31' FROM plans p WHERE p.id = tasks.plan_id));

-- A task written or moved: its place and deadline from its measure and plan. (SQLite cannot set NEW's columns before
-- the write; the update sets only these columns, which no other trigger on tasks follows.)
CREATE TRIGGER tasks_place_insert AFTER INSERT ON tasks BEGIN
  UPDATE tasks SET
    (chapter_seq, section_seq, measure_seq) = (SELECT c.seq, s.seq, m.seq FROM measures m JOIN sections s ON s.id = m.section_id JOIN chapters c ON c.id = s.chapter_id WHERE m.id = NEW.measure_id),
    effective_deadline = coalesce(NEW.deadline, (SELECT p.period_end || '-12-31' FROM plans p WHERE p.id = NEW.plan_id))
  WHERE id = NEW.id;
END;

CREATE TRIGGER tasks_place_update AFTER UPDATE OF plan_id, measure_id, deadline ON tasks BEGIN
  UPDATE tasks SET
    (chapter_seq, section_seq, measure_seq) = (SELECT c.seq, s.seq, m.seq FROM measures m JOIN sections s ON s.id = m.section_id JOIN chapters c ON c.id = s.chapter_id WHERE m.id = NEW.measure_id),
    effective_deadline = coalesce(NEW.deadline, (SELECT p.period_end || '-12-31' FROM plans p WHERE p.id = NEW.plan_id))
  WHERE id = NEW.id;
END;

-- The plan's structure re-ordered or moved: its tasks follow.
CREATE TRIGGER measures_place_update AFTER UPDATE OF seq, section_id ON measures BEGIN
  UPDATE tasks SET (chapter_seq, section_seq, measure_seq) = (SELECT c.seq, s.seq, NEW.seq FROM sections s JOIN chapters c ON c.id = s.chapter_id WHERE s.id = NEW.section_id)
  WHERE measure_id = NEW.id;
END;

CREATE TRIGGER sections_place_update AFTER UPDATE OF seq, chapter_id ON sections BEGIN
  UPDATE tasks SET chapter_seq = (SELECT c.seq FROM chapters c WHERE c.id = NEW.chapter_id), section_seq = NEW.seq
  WHERE measure_id IN (SELECT m.id FROM measures m WHERE m.section_id = NEW.id);
END;

CREATE TRIGGER chapters_place_update AFTER UPDATE OF seq ON chapters BEGIN
  UPDATE tasks SET chapter_seq = NEW.seq
  WHERE measure_id IN (SELECT m.id FROM measures m JOIN sections s ON s.id = m.section_id WHERE s.chapter_id = NEW.id);
END;

-- The plan's period moved: the deadline of its tasks without one of their own moves with it.
CREATE TRIGGER plans_deadline_update AFTER UPDATE OF period_end ON plans BEGIN
  UPDATE tasks SET effective_deadline = NEW.period_end || '-12-31' WHERE plan_id = NEW.id AND deadline IS NULL;
END;

-- 我的任务's first page of a unit's lead tasks (over all plans), in the plan's order, read from the index in order.
CREATE INDEX tasks_by_lead_place ON tasks (lead_unit_id, retired_at, chapter_seq, section_seq, measure_seq, seq, id);
-- A plan's tasks by deadline, latest first, ties in the plan's order (任务分解 sorted by 完成时限): a page is the next
-- rows of the index, the status filter tested on each (a third of a plan's tasks or more pass a usual status filter).
CREATE INDEX tasks_by_plan_deadline ON tasks (plan_id, retired_at, effective_deadline DESC, chapter_seq, section_seq, measure_seq, seq, id);
