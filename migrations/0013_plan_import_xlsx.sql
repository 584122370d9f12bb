-- 导入规划 also reads 任务分工台账 from Excel (.xlsx): the record of an import may name that format. SQLite cannot
-- change a CHECK in place, so the table is rebuilt with its rows, index and columns as they were.
CREATE TABLE plan_imports_next (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL UNIQUE REFERENCES plans (id) ON DELETE CASCADE,
  file_name    TEXT    NOT NULL,
  format       TEXT    NOT NULL CHECK (format IN ('txt', 'docx', 'xlsx')),
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

INSERT INTO plan_imports_next (id, plan_id, file_name, format, encoding, byte_size, sha256, levels, warnings, imported_by, imported_at)
SELECT id, plan_id, file_name, format, encoding, byte_size, sha256, levels, warnings, imported_by, imported_at FROM plan_imports;

DROP TABLE plan_imports;
ALTER TABLE plan_imports_next RENAME TO plan_imports;
CREATE INDEX plan_imports_by_sha256 ON plan_imports (sha256);
