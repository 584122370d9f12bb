-- 导入规划 also reads 任务分工台账 from Excel (.xlsx): the record of an import may name that format. PostgreSQL changes
-- the CHECK in place (SQLite rebuilt the table).
ALTER TABLE plan_imports DROP CONSTRAINT plan_imports_format_check;
ALTER TABLE plan_imports ADD CONSTRAINT plan_imports_format_check CHECK (format IN ('txt', 'docx', 'xlsx'));
