-- What a template import compares each task's row with, read per task through an index instead of through the task's
-- whole report history (which grows by one report per task with every import of a unit's template):
-- the reports since the template was exported, and the reports already imported from the same file.
CREATE INDEX progress_reports_by_task_time ON progress_reports (task_id, created_at);
CREATE INDEX progress_reports_imported ON progress_reports (task_id, source_ref) WHERE source = 'import';
