-- 0003: where each imported plan came from (导入规划): the file, as read, and who imported it.
-- The lead and cooperating units and deadlines the document names are written as the tasks' assignment (0002).

CREATE TABLE plan_imports (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL UNIQUE REFERENCES plans (id) ON DELETE CASCADE,
  file_name    TEXT    NOT NULL,
  format       TEXT    NOT NULL CHECK (format IN ('txt', 'docx')),
  -- For text files: the encoding the file was read in (UTF-8, GB18030…).
  encoding     TEXT,
  byte_size    INTEGER NOT NULL CHECK (byte_size >= 0),
  -- Lets a second import of the same file be pointed out in its preview.
  sha256       TEXT    NOT NULL,
  -- How the numbering was read and what the importer noticed, one per line, as the preview showed them.
  levels       TEXT    NOT NULL DEFAULT '',
  warnings     TEXT    NOT NULL DEFAULT '',
  imported_by  TEXT    NOT NULL,
  imported_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX plan_imports_by_sha256 ON plan_imports (sha256);
