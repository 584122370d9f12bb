// Generated from the migrated schema by `npm run db:types` (src-main/db/schema-codegen.ts). Do not edit.
import type { Generated } from 'kysely';

export interface Database {
  accounts: AccountsTable;
  assessment_snapshots: AssessmentSnapshotsTable;
  attachments: AttachmentsTable;
  audit_log: AuditLogTable;
  chapters: ChaptersTable;
  deadline_extensions: DeadlineExtensionsTable;
  exchange_install: ExchangeInstallTable;
  exchange_items: ExchangeItemsTable;
  exchange_packages: ExchangePackagesTable;
  exchange_peers: ExchangePeersTable;
  extension_attachments: ExtensionAttachmentsTable;
  indicator_values: IndicatorValuesTable;
  indicators: IndicatorsTable;
  instruction_attachments: InstructionAttachmentsTable;
  leader_instructions: LeaderInstructionsTable;
  login_attempts: LoginAttemptsTable;
  measures: MeasuresTable;
  milestones: MilestonesTable;
  notice_attachments: NoticeAttachmentsTable;
  notice_steps: NoticeStepsTable;
  notice_tasks: NoticeTasksTable;
  plan_chapter_tallies: PlanChapterTalliesTable;
  plan_cooperator_status_tallies: PlanCooperatorStatusTalliesTable;
  plan_cooperator_tallies: PlanCooperatorTalliesTable;
  plan_imports: PlanImportsTable;
  plan_lead_tallies: PlanLeadTalliesTable;
  plan_notice_tallies: PlanNoticeTalliesTable;
  plan_problem_tallies: PlanProblemTalliesTable;
  plan_tally_days: PlanTallyDaysTable;
  plan_task_counts: PlanTaskCountsTable;
  plans: PlansTable;
  problem_steps: ProblemStepsTable;
  problems: ProblemsTable;
  progress_reports: ProgressReportsTable;
  project_reports: ProjectReportsTable;
  project_tasks: ProjectTasksTable;
  projects: ProjectsTable;
  report_reviews: ReportReviewsTable;
  request_results: RequestResultsTable;
  round_reminders: RoundRemindersTable;
  round_snapshots: RoundSnapshotsTable;
  round_tasks: RoundTasksTable;
  round_unit_tallies: RoundUnitTalliesTable;
  round_unit_totals: RoundUnitTotalsTable;
  round_units: RoundUnitsTable;
  rounds: RoundsTable;
  sections: SectionsTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  supervision_notices: SupervisionNoticesTable;
  task_cooperators: TaskCooperatorsTable;
  task_events: TaskEventsTable;
  task_light_basis: TaskLightBasisTable;
  task_lineage: TaskLineageTable;
  task_targets: TaskTargetsTable;
  tasks: TasksTable;
  unit_aliases: UnitAliasesTable;
  units: UnitsTable;
}

export interface AccountsTable {
  id: Generated<number>;
  login: string;
  name: string;
  role: string;
  unit_id: number | null;
  password_hash: string;
  must_change_password: Generated<number>;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssessmentSnapshotsTable {
  id: Generated<number>;
  plan_id: number;
  year: number;
  scheme: string;
  results: string;
  frozen_by: string;
  frozen_at: Generated<string>;
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

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  account_id: number | null;
  who: string;
  role: string | null;
  unit_id: number | null;
  unit_name: string | null;
  address: string;
  channel: string;
  outcome: string;
  targets: string;
  summary: string;
  prev_hash: string;
  hash: string;
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

export interface DeadlineExtensionsTable {
  id: Generated<number>;
  task_id: number;
  unit_id: number;
  old_deadline: string;
  requested_date: string;
  reason: string;
  requested_by: string;
  requested_at: string;
  state: Generated<string>;
  approved_date: string | null;
  comment: Generated<string>;
  decided_by: string | null;
  decided_at: string | null;
}

export interface ExchangeInstallTable {
  id: Generated<number>;
  install_id: string;
  public_key: string;
  private_key: string;
  unit_id: number | null;
  office_install_id: string | null;
  created_at: string;
}

export interface ExchangeItemsTable {
  peer_install_id: string;
  kind: string;
  remote_id: number;
  local_id: number;
}

export interface ExchangePackagesTable {
  id: Generated<number>;
  direction: string;
  kind: string;
  peer_install_id: string | null;
  unit_id: number;
  seq: number;
  seq_from: number;
  basis: Generated<number>;
  manifest_sha256: string;
  file_name: string;
  marks: Generated<string>;
  gap: string | null;
  actor: string;
  created_at: string;
}

export interface ExchangePeersTable {
  install_id: string;
  role: string;
  unit_id: number;
  public_key: string;
  fingerprint: string;
  confirmed_by: string;
  confirmed_at: string;
}

export interface ExtensionAttachmentsTable {
  id: Generated<number>;
  extension_id: number;
  stored_name: string;
  original_name: string;
  size: number;
  sha256: string;
  created_at: Generated<string>;
}

export interface IndicatorValuesTable {
  indicator_id: number;
  year: number;
  value: number;
  note: Generated<string>;
  recorded_by: string;
  recorded_at: Generated<string>;
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

export interface InstructionAttachmentsTable {
  id: Generated<number>;
  instruction_id: number;
  stored_name: string;
  original_name: string;
  size: number;
  sha256: string;
  created_at: Generated<string>;
}

export interface LeaderInstructionsTable {
  id: Generated<number>;
  plan_id: number;
  target_kind: Generated<string>;
  task_id: number | null;
  problem_id: number | null;
  project_id: number | null;
  report_id: number | null;
  leader: string;
  given_on: string;
  text: string;
  recorded_by: string;
  recorded_at: string;
  notice_id: number | null;
  state: Generated<string>;
  closed_note: Generated<string>;
  closed_at: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  login: string;
  address: string;
  ok: number;
  cleared: Generated<number>;
  at: string;
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

export interface NoticeAttachmentsTable {
  id: Generated<number>;
  step_id: number;
  stored_name: string;
  original_name: string;
  size: number;
  sha256: string;
  created_at: Generated<string>;
}

export interface NoticeStepsTable {
  id: Generated<number>;
  notice_id: number;
  action: string;
  content: Generated<string>;
  actor: string;
  unit_id: number | null;
  created_at: Generated<string>;
}

export interface NoticeTasksTable {
  notice_id: number;
  task_id: number;
}

export interface PlanChapterTalliesTable {
  plan_id: number;
  chapter_id: number;
  n: number;
  done: number;
  percent_sum: number;
  grey: number;
  unlit: number;
  yellow_or_red: number;
  red: number;
}

export interface PlanCooperatorStatusTalliesTable {
  plan_id: number;
  unit_id: number;
  status: string;
  n: number;
  grey: number;
  unlit: number;
  yellow_or_red: number;
  red: number;
}

export interface PlanCooperatorTalliesTable {
  plan_id: number;
  unit_id: number;
  n: number;
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

export interface PlanLeadTalliesTable {
  plan_id: number;
  lead_unit_id: number;
  status: string;
  n: number;
  percent_sum: number;
  grey: number;
  unlit: number;
  yellow_or_red: number;
  red: number;
}

export interface PlanNoticeTalliesTable {
  plan_id: number;
  level: string;
  open: number;
  overdue: number;
}

export interface PlanProblemTalliesTable {
  plan_id: number;
  open: number;
  open_major: number;
}

export interface PlanTallyDaysTable {
  plan_id: number;
  as_of: string;
}

export interface PlanTaskCountsTable {
  plan_id: number;
  live: number;
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

export interface ProblemStepsTable {
  id: Generated<number>;
  problem_id: number;
  action: string;
  note: Generated<string>;
  actor: string;
  created_at: Generated<string>;
}

export interface ProblemsTable {
  id: Generated<number>;
  plan_id: number;
  task_id: number;
  report_id: number | null;
  kind: string;
  text: string;
  owner_unit_id: number;
  state: Generated<string>;
  is_major: Generated<number>;
  major_note: Generated<string>;
  major_at: string | null;
  resolution: Generated<string>;
  solved_at: string | null;
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
  round_id: number | null;
  report_date: string | null;
}

export interface ProjectReportsTable {
  id: Generated<number>;
  project_id: number;
  round_id: number | null;
  unit_id: number;
  reporter: string;
  stage: string;
  completed_investment: number;
  progress: Generated<string>;
  created_at: Generated<string>;
}

export interface ProjectTasksTable {
  project_id: number;
  task_id: number;
}

export interface ProjectsTable {
  id: Generated<number>;
  plan_id: number;
  name: string;
  stage: string;
  planned_investment: Generated<number>;
  completed_investment: Generated<number>;
  start_date: string | null;
  finish_date: string | null;
  lead_unit_id: number | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface ReportReviewsTable {
  id: Generated<number>;
  unit_id: number;
  task_id: number;
  account_id: number;
  submitted_by: string;
  payload: string;
  submitted_at: string;
  state: Generated<string>;
  reviewed_by: string | null;
  reviewed_at: string | null;
  return_reason: string | null;
  report_id: number | null;
}

export interface RequestResultsTable {
  actor_key: string;
  channel: string;
  request_id: string;
  result: string;
  at: string;
}

export interface RoundRemindersTable {
  id: Generated<number>;
  round_id: number;
  unit_id: number;
  missing: number;
  message: Generated<string>;
  sent_by: string;
  sent_at: string;
}

export interface RoundSnapshotsTable {
  round_id: number;
  task_id: number;
  unit_id: number;
  role: Generated<string>;
  task_code: string;
  task_text: string;
  unit_name: string;
  reported: number;
  reported_late: number;
  report_id: number | null;
  reported_at: string | null;
  report_date: string | null;
  status: string;
  percent: number;
  schedule_progress: number | null;
  lag: number | null;
  reasons: string | null;
  light: string;
  progress: Generated<string>;
  problems: Generated<string>;
  next_steps: Generated<string>;
  coordination: Generated<string>;
}

export interface RoundTasksTable {
  round_id: number;
  task_id: number;
  unit_id: number;
  role: Generated<string>;
  report_id: number | null;
  reported_at: string | null;
  report_date: string | null;
}

export interface RoundUnitTalliesTable {
  round_id: number;
  unit_id: number;
  expected: number;
  reported: number;
  late: number;
}

export interface RoundUnitTotalsTable {
  round_id: number;
  unit_id: number;
  unit_name: string;
  expected: number;
  reported: number;
  late: number;
}

export interface RoundUnitsTable {
  round_id: number;
  unit_id: number;
}

export interface RoundsTable {
  id: Generated<number>;
  plan_id: number;
  name: string;
  period_start: string;
  period_end: string;
  due_date: string;
  state: Generated<string>;
  opened_by: string;
  opened_at: Generated<string>;
  closed_by: string | null;
  closed_at: string | null;
  report_scope: Generated<string>;
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

export interface SessionsTable {
  token_hash: string;
  account_id: number;
  address: string;
  created_at: string;
  last_seen_at: string;
  ended_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SupervisionNoticesTable {
  id: Generated<number>;
  plan_id: number;
  year: number;
  seq: number;
  number: string;
  unit_id: number;
  level: string;
  reason: string;
  requirement: string;
  reply_due: string;
  state: Generated<string>;
  issued_at: Generated<string>;
  closed_at: string | null;
}

export interface TaskCooperatorsTable {
  task_id: number;
  unit_id: number;
  task_retired_at: string | null;
  chapter_seq: Generated<number>;
  section_seq: Generated<number>;
  measure_seq: Generated<number>;
  task_seq: Generated<number>;
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

export interface TaskLightBasisTable {
  id: Generated<number>;
  thresholds: string | null;
}

export interface TaskLineageTable {
  parent_task_id: number;
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
  light_base: Generated<string>;
  light_yellow_from: string | null;
  light_red_from: string | null;
  chapter_seq: Generated<number>;
  section_seq: Generated<number>;
  measure_seq: Generated<number>;
  effective_deadline: Generated<string>;
}

export interface UnitAliasesTable {
  unit_id: number;
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
