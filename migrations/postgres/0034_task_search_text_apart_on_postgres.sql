-- 0034: the task text the search reads, with its trigram index, in a table of its own (task_fts: a task's id and text),
-- as SQLite keeps its FTS5 table (0002): written when a task is added, when its text changes and when it is deleted.
-- On `tasks` the GIN index was written again for every new version of a task row that is not a HOT update — every
-- report moves the task's status or light dates, which its list indexes hold — each time taking the text's trigrams
-- apart: ~50 µs of the ~90 µs a task's update cost, ~0.5 s of a 10,000-row template import (bench data, PostgreSQL
-- 15). The search (db/sql-forms.ts taskTextSearch) finds its matches here and reads their tasks by key, as before;
-- schema-model.ts leaves this table out as SQLite's model leaves out task_fts.
CREATE TABLE task_fts (
  id    BIGINT PRIMARY KEY,
  text  TEXT COLLATE "C" NOT NULL
);
INSERT INTO task_fts (id, text) SELECT id, text FROM tasks;

DROP INDEX IF EXISTS tasks_text_trgm;
-- pg_trgm is optional (0002): without it the search gives the same rows from a scan.
DO $$
BEGIN
  CREATE INDEX task_fts_text_trgm ON task_fts USING gin (text gin_trgm_ops);
EXCEPTION WHEN undefined_object THEN
  RAISE NOTICE 'pg_trgm 不可用，任务检索不使用三字索引（结果相同，数据多时较慢）：%', SQLERRM;
END
$$;

-- Tasks added or deleted: one statement each over the statement's rows.
CREATE FUNCTION pd_task_fts_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO task_fts (id, text) SELECT id, text FROM new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_task_fts_inserted();

CREATE FUNCTION pd_task_fts_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM task_fts WHERE id IN (SELECT id FROM old_rows);
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_task_fts_deleted();

-- A task's text edited: a row trigger on the text column alone, so a report's update (which sets no text) never fires it.
CREATE FUNCTION pd_task_fts_edited() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE task_fts SET id = NEW.id, text = NEW.text WHERE id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_fts_update AFTER UPDATE OF id, text ON tasks FOR EACH ROW
WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION pd_task_fts_edited();
