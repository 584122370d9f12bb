// Generated from the migrated schema by `npm run db:types` (src-main/db/schema-codegen.ts). Do not edit.
import type { Generated } from 'kysely';

export interface Database {
  attachments: AttachmentsTable;
  chapters: ChaptersTable;
  indicators: IndicatorsTable;
  measures: MeasuresTable;
  milestones: MilestonesTable;
  plan_imports: PlanImportsTable;
  plans: PlansTable;
  progress_reports: ProgressReportsTable;
  sections: SectionsTable;
  settings: SettingsTable;
  task_cooperators: TaskCooperatorsTable;
  task_events: TaskEventsTable;
  task_lineage: TaskLineageTable;
  task_targets: TaskTargetsTable;
  tasks: TasksTable;
  unit_aliases: UnitAliasesTable;
  units: UnitsTable;
}

export interface AttachmentsTable {
  id: Generated<number>;
  report_id: number;
  stored_name: string;
  original_name: string;
  size: number;
  sha256: string;
  created_at: Generated<string>;
}

export interface ChaptersTable {
  id: Generated<number>;
  plan_id: number;
  seq: number;
  code: string;
  heading: string;
  title: string;
  intro: Generated<string>;
  region: string | null;
  has_tasks: number;
}

export interface IndicatorsTable {
  id: Generated<number>;
  plan_id: number;
  seq: number;
  name: string;
  unit: string | null;
  baseline_year: number | null;
  baseline_value: number | null;
  target_year: number | null;
  target_value: number | null;
  target_text: string | null;
  direction: string | null;
  responsible_unit_id: number | null;
  source_text: Generated<string>;
  note: Generated<string>;
}

export interface MeasuresTable {
  id: Generated<number>;
  plan_id: number;
  section_id: number;
  seq: number;
  code: string;
  title: string;
  body: string;
  next_task_seq: Generated<number>;
}

export interface MilestonesTable {
  id: Generated<number>;
  task_id: number;
  year: number;
  title: string;
  due_date: string;
  done_at: string | null;
  done_by_unit_id: number | null;
  done_by: string | null;
  created_at: Generated<string>;
}

export interface PlanImportsTable {
  id: Generated<number>;
  plan_id: number;
  file_name: string;
  format: string;
  encoding: string | null;
  byte_size: number;
  sha256: string;
  levels: Generated<string>;
  warnings: Generated<string>;
  imported_by: string;
  imported_at: Generated<string>;
}

export interface PlansTable {
  id: Generated<number>;
  code: string;
  title: string;
  issued_on: string | null;
  period_start: number;
  period_end: number;
  outlook_year: number | null;
  preface: Generated<string>;
  indicator_notes: Generated<string>;
  source_name: string;
  created_at: Generated<string>;
}

export interface ProgressReportsTable {
  id: Generated<number>;
  task_id: number;
  unit_id: number;
  reporter: string;
  status: string;
  percent: number;
  progress: Generated<string>;
  problems: Generated<string>;
  next_steps: Generated<string>;
  coordination: Generated<string>;
  source: string;
  source_ref: string | null;
  created_at: Generated<string>;
}

export interface SectionsTable {
  id: Generated<number>;
  plan_id: number;
  chapter_id: number;
  seq: number;
  code: string;
  heading: string;
  title: string;
  intro: Generated<string>;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface TaskCooperatorsTable {
  task_id: Generated<number>;
  unit_id: number;
}

export interface TaskEventsTable {
  id: Generated<number>;
  task_id: number;
  kind: string;
  summary: string;
  actor: string;
  unit_id: number | null;
  created_at: Generated<string>;
}

export interface TaskLineageTable {
  parent_task_id: Generated<number>;
  child_task_id: number;
  kind: string;
}

export interface TaskTargetsTable {
  id: Generated<number>;
  task_id: number;
  description: string;
  value: number;
  unit_of_measure: string;
  year: number;
}

export interface TasksTable {
  id: Generated<number>;
  plan_id: number;
  measure_id: number;
  seq: number;
  code: string;
  text: string;
  origin: Generated<string>;
  version: Generated<number>;
  retired_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
  start_date: string | null;
  deadline: string | null;
  standard: Generated<string>;
  note: Generated<string>;
  lead_unit_id: number | null;
  status: Generated<string>;
  percent: Generated<number>;
  last_report_at: string | null;
}

export interface UnitAliasesTable {
  unit_id: Generated<number>;
  alias: string;
}

export interface UnitsTable {
  id: Generated<number>;
  name: string;
  kind: string;
  seq: number;
  retired_at: string | null;
  created_at: Generated<string>;
}
