-- A template import finds the reports already recorded from the same file among the task's reports since the file was
-- exported (progress_reports_by_task_time), which it reads anyway for its conflicts: a report from a file cannot be
-- older than the file. The partial index by file name had no other reader, and keeping it up to date was about a
-- third of the index work of writing 10,000 imported reports into a million (bench/).
DROP INDEX progress_reports_imported;
