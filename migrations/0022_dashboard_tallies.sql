-- 0022: 跟踪分析's counts kept as the data changes, so that the dashboard reads a few hundred tally rows instead of
-- counting a plan's tasks, cooperating units, open-round rows and problems on every call (at 4× the data those
-- counts took 4× as long: issue 21). dashboard/plan-tallies.ts owns them: it rebuilds a plan's tallies from the rows
-- when they are not known to hold (no row in plan_tally_days, or one for another day) and reads them otherwise; these
-- triggers keep them holding through every write, whichever service (or package import) makes it. A write they
-- cannot follow row by row (a measure moved to another section, a round's due date changed, tasks or structure
-- deleted: only when a new install takes the office's plans) forgets the plan's row in plan_tally_days instead, so
-- the next read rebuilds. The tests hold the kept tallies equal to a fresh count after every kind of write, on both
-- engines (plan-tallies.test.ts).

-- The plans whose tallies hold, and the day their lights were counted for: a light turns yellow or red as days pass
-- (rules/task-light-dates.ts), so "red" is "red on as_of" and the triggers compare the stored light dates with it.
CREATE TABLE plan_tally_days (
  plan_id  INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  as_of    TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- A plan's live tasks by chapter, and by lead unit (0: 未分配) and status: how many (and 已完成), their percents
-- summed, and how many are grey, have no light, are yellow or red, are red on as_of. Two tables, not one by chapter,
-- lead and status: that one has 4,625 rows for a plan of 10,000 tasks (18,647 at 4×), these 187 and 648.
CREATE TABLE plan_chapter_tallies (
  plan_id        INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  chapter_id     INTEGER NOT NULL,
  n              INTEGER NOT NULL,
  done           INTEGER NOT NULL,
  percent_sum    INTEGER NOT NULL,
  grey           INTEGER NOT NULL,
  unlit          INTEGER NOT NULL,
  yellow_or_red  INTEGER NOT NULL,
  red            INTEGER NOT NULL,
  PRIMARY KEY (plan_id, chapter_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE plan_lead_tallies (
  plan_id        INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  lead_unit_id   INTEGER NOT NULL,
  status         TEXT NOT NULL,
  n              INTEGER NOT NULL,
  percent_sum    INTEGER NOT NULL,
  grey           INTEGER NOT NULL,
  unlit          INTEGER NOT NULL,
  yellow_or_red  INTEGER NOT NULL,
  red            INTEGER NOT NULL,
  PRIMARY KEY (plan_id, lead_unit_id, status)
) STRICT, WITHOUT ROWID;

-- A plan's live tasks each unit cooperates on.
CREATE TABLE plan_cooperator_tallies (
  plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  unit_id  INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (plan_id, unit_id)
) STRICT, WITHOUT ROWID;

-- A round's rows per unit: owed, reported, reported late (迟报: rules/report-date.ts, after the round's due date);
-- for rounds not closed (a closed round's figures are frozen in round_unit_totals).
CREATE TABLE round_unit_tallies (
  round_id  INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  unit_id   INTEGER NOT NULL,
  expected  INTEGER NOT NULL,
  reported  INTEGER NOT NULL,
  late      INTEGER NOT NULL,
  PRIMARY KEY (round_id, unit_id)
) STRICT, WITHOUT ROWID;

-- A plan's unsolved problems (open or in progress), and how many of them are 重大问题.
CREATE TABLE plan_problem_tallies (
  plan_id     INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  open        INTEGER NOT NULL,
  open_major  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- A plan's 督办 notices not 办结 by level, and how many of them are 逾期 on as_of (rules/notice-overdue.ts: the last
-- 反馈 came after the reply date, or as_of is past it).
CREATE TABLE plan_notice_tallies (
  plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  level    TEXT NOT NULL,
  open     INTEGER NOT NULL,
  overdue  INTEGER NOT NULL,
  PRIMARY KEY (plan_id, level)
) STRICT, WITHOUT ROWID;

-- Tasks. A row counts while it is live (retired_at IS NULL) and its plan's tallies hold; an update takes the old row
-- out and puts the new one in (only when a counted column changed).
CREATE TRIGGER tasks_tally_insert AFTER INSERT ON tasks WHEN NEW.retired_at IS NULL BEGIN
  INSERT INTO plan_chapter_tallies (plan_id, chapter_id, n, done, percent_sum, grey, unlit, yellow_or_red, red)
  SELECT NEW.plan_id, s.chapter_id, 1, NEW.status = '已完成', NEW.percent, NEW.light_base = 'grey', NEW.light_base = 'none',
    coalesce(NEW.light_yellow_from <= d.as_of, 0), coalesce(NEW.light_red_from <= d.as_of, 0)
  FROM plan_tally_days d JOIN measures m ON m.id = NEW.measure_id JOIN sections s ON s.id = m.section_id
  WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL
  ON CONFLICT (plan_id, chapter_id) DO UPDATE SET done = done + excluded.done, n = n + 1, percent_sum = percent_sum + excluded.percent_sum,
    grey = grey + excluded.grey, unlit = unlit + excluded.unlit, yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
  INSERT INTO plan_lead_tallies (plan_id, lead_unit_id, status, n, percent_sum, grey, unlit, yellow_or_red, red)
  SELECT NEW.plan_id, coalesce(NEW.lead_unit_id, 0), NEW.status, 1, NEW.percent, NEW.light_base = 'grey', NEW.light_base = 'none',
    coalesce(NEW.light_yellow_from <= d.as_of, 0), coalesce(NEW.light_red_from <= d.as_of, 0)
  FROM plan_tally_days d WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL
  ON CONFLICT (plan_id, lead_unit_id, status) DO UPDATE SET n = n + 1, percent_sum = percent_sum + excluded.percent_sum,
    grey = grey + excluded.grey, unlit = unlit + excluded.unlit, yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
END;

CREATE TRIGGER tasks_tally_update AFTER UPDATE OF plan_id, measure_id, lead_unit_id, status, percent, retired_at, light_base, light_yellow_from, light_red_from ON tasks
WHEN OLD.plan_id IS NOT NEW.plan_id OR OLD.measure_id IS NOT NEW.measure_id OR OLD.lead_unit_id IS NOT NEW.lead_unit_id OR OLD.status IS NOT NEW.status
  OR OLD.percent IS NOT NEW.percent OR OLD.retired_at IS NOT NEW.retired_at OR OLD.light_base IS NOT NEW.light_base
  OR OLD.light_yellow_from IS NOT NEW.light_yellow_from OR OLD.light_red_from IS NOT NEW.light_red_from
BEGIN
  UPDATE plan_chapter_tallies SET done = done - (OLD.status = '已完成'), n = n - 1, percent_sum = percent_sum - OLD.percent, grey = grey - (OLD.light_base = 'grey'),
    unlit = unlit - (OLD.light_base = 'none'), yellow_or_red = yellow_or_red - coalesce(OLD.light_yellow_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0),
    red = red - coalesce(OLD.light_red_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0)
  WHERE OLD.retired_at IS NULL AND plan_id = OLD.plan_id
    AND chapter_id = (SELECT s.chapter_id FROM measures m JOIN sections s ON s.id = m.section_id WHERE m.id = OLD.measure_id);
  UPDATE plan_lead_tallies SET n = n - 1, percent_sum = percent_sum - OLD.percent, grey = grey - (OLD.light_base = 'grey'),
    unlit = unlit - (OLD.light_base = 'none'), yellow_or_red = yellow_or_red - coalesce(OLD.light_yellow_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0),
    red = red - coalesce(OLD.light_red_from <= (SELECT as_of FROM plan_tally_days WHERE plan_id = OLD.plan_id), 0)
  WHERE OLD.retired_at IS NULL AND plan_id = OLD.plan_id AND lead_unit_id = coalesce(OLD.lead_unit_id, 0) AND status = OLD.status;
  INSERT INTO plan_chapter_tallies (plan_id, chapter_id, n, done, percent_sum, grey, unlit, yellow_or_red, red)
  SELECT NEW.plan_id, s.chapter_id, 1, NEW.status = '已完成', NEW.percent, NEW.light_base = 'grey', NEW.light_base = 'none',
    coalesce(NEW.light_yellow_from <= d.as_of, 0), coalesce(NEW.light_red_from <= d.as_of, 0)
  FROM plan_tally_days d JOIN measures m ON m.id = NEW.measure_id JOIN sections s ON s.id = m.section_id
  WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL
  ON CONFLICT (plan_id, chapter_id) DO UPDATE SET done = done + excluded.done, n = n + 1, percent_sum = percent_sum + excluded.percent_sum,
    grey = grey + excluded.grey, unlit = unlit + excluded.unlit, yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
  INSERT INTO plan_lead_tallies (plan_id, lead_unit_id, status, n, percent_sum, grey, unlit, yellow_or_red, red)
  SELECT NEW.plan_id, coalesce(NEW.lead_unit_id, 0), NEW.status, 1, NEW.percent, NEW.light_base = 'grey', NEW.light_base = 'none',
    coalesce(NEW.light_yellow_from <= d.as_of, 0), coalesce(NEW.light_red_from <= d.as_of, 0)
  FROM plan_tally_days d WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL
  ON CONFLICT (plan_id, lead_unit_id, status) DO UPDATE SET n = n + 1, percent_sum = percent_sum + excluded.percent_sum,
    grey = grey + excluded.grey, unlit = unlit + excluded.unlit, yellow_or_red = yellow_or_red + excluded.yellow_or_red, red = red + excluded.red;
  -- Retired, revived or moved to another plan: its cooperating units' counts follow.
  UPDATE plan_cooperator_tallies SET n = n - 1
  WHERE (OLD.retired_at IS NULL) AND (NEW.retired_at IS NOT NULL OR OLD.plan_id IS NOT NEW.plan_id)
    AND plan_id = OLD.plan_id AND unit_id IN (SELECT unit_id FROM task_cooperators WHERE task_id = OLD.id);
  INSERT INTO plan_cooperator_tallies (plan_id, unit_id, n)
  SELECT NEW.plan_id, tc.unit_id, 1 FROM plan_tally_days d JOIN task_cooperators tc ON tc.task_id = NEW.id
  WHERE d.plan_id = NEW.plan_id AND NEW.retired_at IS NULL AND (OLD.retired_at IS NOT NULL OR OLD.plan_id IS NOT NEW.plan_id)
  ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = n + 1;
END;

-- 督办 notices: counted while not 办结, 逾期 by the rule (rules/notice-overdue.ts) on as_of; a 反馈 moves the
-- notice's last reply date, and so perhaps whether it is 逾期.
CREATE TRIGGER supervision_notices_tally_insert AFTER INSERT ON supervision_notices WHEN NEW.state <> 'closed' BEGIN
  INSERT INTO plan_notice_tallies (plan_id, level, open, overdue)
  SELECT NEW.plan_id, NEW.level, 1, CASE WHEN date((SELECT max(s.created_at) FROM notice_steps s WHERE s.notice_id = NEW.id AND s.action = '反馈'), '+8 hours') > NEW.reply_due OR d.as_of > NEW.reply_due THEN 1 ELSE 0 END
  FROM plan_tally_days d WHERE d.plan_id = NEW.plan_id
  ON CONFLICT (plan_id, level) DO UPDATE SET open = open + 1, overdue = overdue + excluded.overdue;
END;

CREATE TRIGGER supervision_notices_tally_update AFTER UPDATE OF plan_id, level, state, reply_due ON supervision_notices
WHEN OLD.plan_id IS NOT NEW.plan_id OR OLD.level IS NOT NEW.level OR OLD.state IS NOT NEW.state OR OLD.reply_due IS NOT NEW.reply_due
BEGIN
  UPDATE plan_notice_tallies SET open = open - 1,
    overdue = overdue - (SELECT CASE WHEN date((SELECT max(s.created_at) FROM notice_steps s WHERE s.notice_id = OLD.id AND s.action = '反馈'), '+8 hours') > OLD.reply_due OR d.as_of > OLD.reply_due THEN 1 ELSE 0 END FROM plan_tally_days d WHERE d.plan_id = OLD.plan_id)
  WHERE plan_id = OLD.plan_id AND level = OLD.level AND OLD.state <> 'closed';
  INSERT INTO plan_notice_tallies (plan_id, level, open, overdue)
  SELECT NEW.plan_id, NEW.level, 1, CASE WHEN date((SELECT max(s.created_at) FROM notice_steps s WHERE s.notice_id = NEW.id AND s.action = '反馈'), '+8 hours') > NEW.reply_due OR d.as_of > NEW.reply_due THEN 1 ELSE 0 END
  FROM plan_tally_days d WHERE d.plan_id = NEW.plan_id AND NEW.state <> 'closed'
  ON CONFLICT (plan_id, level) DO UPDATE SET open = open + 1, overdue = overdue + excluded.overdue;
END;

CREATE TRIGGER notice_steps_tally_reply AFTER INSERT ON notice_steps WHEN NEW.action = '反馈' BEGIN
  UPDATE plan_notice_tallies SET overdue = overdue + (
    SELECT CASE WHEN date((SELECT max(s.created_at) FROM notice_steps s WHERE s.notice_id = n.id AND s.action = '反馈'), '+8 hours') > n.reply_due OR d.as_of > n.reply_due THEN 1 ELSE 0 END - CASE WHEN date((SELECT max(s.created_at) FROM notice_steps s WHERE s.notice_id = n.id AND s.action = '反馈' AND s.id <> NEW.id), '+8 hours') > n.reply_due OR d.as_of > n.reply_due THEN 1 ELSE 0 END
    FROM supervision_notices n JOIN plan_tally_days d ON d.plan_id = n.plan_id WHERE n.id = NEW.notice_id)
  WHERE (plan_id, level) = (SELECT plan_id, level FROM supervision_notices WHERE id = NEW.notice_id AND state <> 'closed');
END;

-- Cooperating units: counted while the task is live.
CREATE TRIGGER task_cooperators_tally_insert AFTER INSERT ON task_cooperators BEGIN
  INSERT INTO plan_cooperator_tallies (plan_id, unit_id, n)
  SELECT t.plan_id, NEW.unit_id, 1 FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id
  WHERE t.id = NEW.task_id AND t.retired_at IS NULL
  ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER task_cooperators_tally_delete AFTER DELETE ON task_cooperators BEGIN
  UPDATE plan_cooperator_tallies SET n = n - 1
  WHERE unit_id = OLD.unit_id AND plan_id = (SELECT plan_id FROM tasks WHERE id = OLD.task_id AND retired_at IS NULL);
END;

CREATE TRIGGER task_cooperators_tally_update AFTER UPDATE OF task_id, unit_id ON task_cooperators BEGIN
  UPDATE plan_cooperator_tallies SET n = n - 1
  WHERE unit_id = OLD.unit_id AND plan_id = (SELECT plan_id FROM tasks WHERE id = OLD.task_id AND retired_at IS NULL);
  INSERT INTO plan_cooperator_tallies (plan_id, unit_id, n)
  SELECT t.plan_id, NEW.unit_id, 1 FROM tasks t JOIN plan_tally_days d ON d.plan_id = t.plan_id
  WHERE t.id = NEW.task_id AND t.retired_at IS NULL
  ON CONFLICT (plan_id, unit_id) DO UPDATE SET n = n + 1;
END;

-- A round's rows: owed when the round opens, reported (and perhaps late) as reports come in.
CREATE TRIGGER round_tasks_tally_insert AFTER INSERT ON round_tasks BEGIN
  INSERT INTO round_unit_tallies (round_id, unit_id, expected, reported, late)
  SELECT NEW.round_id, NEW.unit_id, 1, NEW.report_id IS NOT NULL, coalesce(NEW.report_date > r.due_date, 0)
  FROM rounds r JOIN plan_tally_days d ON d.plan_id = r.plan_id WHERE r.id = NEW.round_id AND r.state != 'closed'
  ON CONFLICT (round_id, unit_id) DO UPDATE SET expected = expected + 1, reported = reported + excluded.reported, late = late + excluded.late;
END;

CREATE TRIGGER round_tasks_tally_delete AFTER DELETE ON round_tasks BEGIN
  UPDATE round_unit_tallies SET expected = expected - 1, reported = reported - (OLD.report_id IS NOT NULL),
    late = late - coalesce(OLD.report_date > (SELECT due_date FROM rounds WHERE id = OLD.round_id), 0)
  WHERE round_id = OLD.round_id AND unit_id = OLD.unit_id;
END;

CREATE TRIGGER round_tasks_tally_update AFTER UPDATE OF round_id, unit_id, report_id, report_date ON round_tasks
WHEN OLD.round_id IS NOT NEW.round_id OR OLD.unit_id IS NOT NEW.unit_id OR OLD.report_id IS NOT NEW.report_id OR OLD.report_date IS NOT NEW.report_date
BEGIN
  UPDATE round_unit_tallies SET expected = expected - 1, reported = reported - (OLD.report_id IS NOT NULL),
    late = late - coalesce(OLD.report_date > (SELECT due_date FROM rounds WHERE id = OLD.round_id), 0)
  WHERE round_id = OLD.round_id AND unit_id = OLD.unit_id;
  INSERT INTO round_unit_tallies (round_id, unit_id, expected, reported, late)
  SELECT NEW.round_id, NEW.unit_id, 1, NEW.report_id IS NOT NULL, coalesce(NEW.report_date > r.due_date, 0)
  FROM rounds r JOIN plan_tally_days d ON d.plan_id = r.plan_id WHERE r.id = NEW.round_id AND r.state != 'closed'
  ON CONFLICT (round_id, unit_id) DO UPDATE SET expected = expected + 1, reported = reported + excluded.reported, late = late + excluded.late;
END;

-- Problems: unsolved while open or in progress.
CREATE TRIGGER problems_tally_insert AFTER INSERT ON problems WHEN NEW.state IN ('open', 'in_progress') BEGIN
  UPDATE plan_problem_tallies SET open = open + 1, open_major = open_major + NEW.is_major WHERE plan_id = NEW.plan_id;
END;

CREATE TRIGGER problems_tally_delete AFTER DELETE ON problems WHEN OLD.state IN ('open', 'in_progress') BEGIN
  UPDATE plan_problem_tallies SET open = open - 1, open_major = open_major - OLD.is_major WHERE plan_id = OLD.plan_id;
END;

CREATE TRIGGER problems_tally_update AFTER UPDATE OF plan_id, state, is_major ON problems
WHEN OLD.plan_id IS NOT NEW.plan_id OR OLD.state IS NOT NEW.state OR OLD.is_major IS NOT NEW.is_major
BEGIN
  UPDATE plan_problem_tallies SET open = open - 1, open_major = open_major - OLD.is_major
  WHERE plan_id = OLD.plan_id AND OLD.state IN ('open', 'in_progress');
  UPDATE plan_problem_tallies SET open = open + 1, open_major = open_major + NEW.is_major
  WHERE plan_id = NEW.plan_id AND NEW.state IN ('open', 'in_progress');
END;

-- What the triggers cannot follow row by row: the plan's tallies are rebuilt on the next read.
CREATE TRIGGER measures_tally_moved AFTER UPDATE OF section_id, plan_id ON measures
WHEN OLD.section_id IS NOT NEW.section_id OR OLD.plan_id IS NOT NEW.plan_id BEGIN
  DELETE FROM plan_tally_days WHERE plan_id IN (OLD.plan_id, NEW.plan_id);
END;
CREATE TRIGGER tasks_tally_deleted AFTER DELETE ON tasks BEGIN
  DELETE FROM plan_tally_days WHERE plan_id = OLD.plan_id;
END;
CREATE TRIGGER measures_tally_deleted AFTER DELETE ON measures BEGIN
  DELETE FROM plan_tally_days WHERE plan_id = OLD.plan_id;
END;
CREATE TRIGGER sections_tally_moved AFTER UPDATE OF chapter_id, plan_id ON sections
WHEN OLD.chapter_id IS NOT NEW.chapter_id OR OLD.plan_id IS NOT NEW.plan_id BEGIN
  DELETE FROM plan_tally_days WHERE plan_id IN (OLD.plan_id, NEW.plan_id);
END;
CREATE TRIGGER sections_tally_deleted AFTER DELETE ON sections BEGIN
  DELETE FROM plan_tally_days WHERE plan_id = OLD.plan_id;
END;
CREATE TRIGGER supervision_notices_tally_deleted AFTER DELETE ON supervision_notices BEGIN
  DELETE FROM plan_tally_days WHERE plan_id = OLD.plan_id;
END;
CREATE TRIGGER notice_steps_tally_changed AFTER UPDATE OF notice_id, action, created_at ON notice_steps BEGIN
  DELETE FROM plan_tally_days WHERE plan_id IN (SELECT plan_id FROM supervision_notices WHERE id IN (OLD.notice_id, NEW.notice_id));
END;
CREATE TRIGGER notice_steps_tally_deleted AFTER DELETE ON notice_steps BEGIN
  DELETE FROM plan_tally_days WHERE plan_id = (SELECT plan_id FROM supervision_notices WHERE id = OLD.notice_id);
END;
CREATE TRIGGER rounds_tally_changed AFTER UPDATE OF due_date, state, plan_id ON rounds
WHEN OLD.due_date IS NOT NEW.due_date OR OLD.state IS NOT NEW.state OR OLD.plan_id IS NOT NEW.plan_id BEGIN
  DELETE FROM plan_tally_days WHERE plan_id IN (OLD.plan_id, NEW.plan_id);
END;
CREATE TRIGGER rounds_tally_deleted AFTER DELETE ON rounds BEGIN
  DELETE FROM plan_tally_days WHERE plan_id = OLD.plan_id;
END;
