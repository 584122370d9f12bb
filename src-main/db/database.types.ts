// Generated from the migrated schema by `npm run db:types` (src-main/db/schema-codegen.ts). Do not edit.
import type { Generated } from 'kysely';

export interface Database {
  chapters: ChaptersTable;
  indicators: IndicatorsTable;
  measures: MeasuresTable;
  plans: PlansTable;
  sections: SectionsTable;
  settings: SettingsTable;
  tasks: TasksTable;
  unit_aliases: UnitAliasesTable;
  units: UnitsTable;
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
