/**
 * Shapes of the channels for 主要指标 (indicators), 强化项目管理 (major projects), 考核 (assessment) and
 * 跟踪分析 (the dashboard).
 */
import type { TaskStatus, UnitRef, WarningLight } from './tasks.types';

// ---------------------------------------------------------------- indicators (主要指标)

export const INDICATOR_DIRECTIONS = ['higher', 'lower'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

export interface IndicatorValue {
  year: number;
  value: number;
  note: string;
  recordedBy: string;
  recordedAt: string;
}

/** One point of the straight-line path from the baseline to the target. */
export interface IndicatorPathPoint {
  year: number;
  /** The value the indicator should have reached that year; null when the path has no baseline value to start from. */
  expectedValue: number | null;
  /** The share of the way to the target (0–100) expected by then. */
  expectedAchievement: number;
}

/** What defines an indicator: shared by the table row below and the edit form. */
export interface IndicatorDefinition {
  name: string;
  unit: string | null;
  baselineYear: number | null;
  baselineValue: number | null;
  targetYear: number | null;
  targetValue: number | null;
  targetText: string | null;
  direction: IndicatorDirection | null;
}

export interface IndicatorStatus extends IndicatorDefinition {
  id: number;
  planId: number;
  seq: number;
  responsibleUnit: UnitRef | null;
  sourceText: string;
  note: string;
  /** One actual value per year, oldest first. */
  values: IndicatorValue[];
  latest: { year: number; value: number } | null;
  /** Achievement against the target in percent (not capped), from the latest value; null when it cannot be computed. */
  achievement: number | null;
  /** Where the straight-line path says the indicator should be, in percent of the way, in the latest value's year. */
  expectedAchievement: number | null;
  /** Points of achievement behind the straight-line path (0 when on or ahead of it). */
  lag: number | null;
  path: IndicatorPathPoint[];
  /** green on the path, yellow/red behind it by the task thresholds, grey when it cannot be judged. */
  light: WarningLight;
  reasons: string[];
}

export interface IndicatorFields extends IndicatorDefinition {
  responsibleUnitId: number | null;
  note: string;
}

// ---------------------------------------------------------------- projects (强化项目管理)

export const PROJECT_STAGES = ['谋划', '前期', '在建', '竣工', '投产达效'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export interface ProjectReport {
  id: number;
  roundId: number | null;
  roundName: string | null;
  unitName: string;
  reporter: string;
  stage: ProjectStage;
  completedInvestment: number;
  progress: string;
  createdAt: string;
}

export interface ProjectRow {
  id: number;
  planId: number;
  name: string;
  stage: ProjectStage;
  /** 亿元 */
  plannedInvestment: number;
  /** 亿元 */
  completedInvestment: number;
  startDate: string | null;
  finishDate: string | null;
  leadUnit: UnitRef | null;
  tasks: { id: number; code: string; text: string }[];
  /** Newest first. */
  reports: ProjectReport[];
  /** Things worth a second look that are not errors, e.g. completed above planned investment. */
  warnings: string[];
  updatedAt: string;
}

export interface ProjectSaveResult {
  id: number;
  warnings: string[];
}

// ---------------------------------------------------------------- assessment (考核)

export const ASSESSMENT_CATEGORIES = ['taskCompletion', 'reporting', 'supervision', 'indicators'] as const;
export type AssessmentCategory = (typeof ASSESSMENT_CATEGORIES)[number];

export const ASSESSMENT_CATEGORY_LABELS: Record<AssessmentCategory, string> = {
  taskCompletion: '任务完成',
  reporting: '按时报送',
  supervision: '督办办理',
  indicators: '指标完成',
};

/** The scoring scheme the office edits. Points are out of the sum of the four weights (100 by default). */
export interface AssessmentScheme {
  taskCompletion: {
    weight: number;
    /** Which lead tasks count: those due by the end of the year, or every live one. */
    scope: 'dueByYear' | 'all';
  };
  reporting: {
    weight: number;
    /** Deducted once per round (closed or past due) in which the unit left a task unreported. */
    perMissedRound: number;
    /** Deducted per report made after the round's due date. */
    perLateReport: number;
  };
  supervision: {
    weight: number;
    /** Deducted per notice not answered by its reply date. */
    perOverdueNotice: number;
    /** Deducted per reply sent back (退回). */
    perSendBack: number;
  };
  indicators: {
    weight: number;
    /** Measure each indicator against the year's point on the straight-line path, or against the final target. */
    basis: 'path' | 'target';
  };
}

/** Where a line's points come from, so the UI can name and link it. */
export interface AssessmentSource {
  kind: 'category' | 'task' | 'round' | 'notice' | 'indicator';
  id: number | null;
  /** Task code, round name, notice number or indicator name; the category name for base lines. */
  label: string;
}

export interface AssessmentLine {
  category: AssessmentCategory;
  source: AssessmentSource;
  /** What happened, in Chinese. */
  text: string;
  /** Points earned (positive) or lost (negative), two decimals. All lines of a unit add up to its total. */
  points: number;
}

export interface UnitAssessment {
  unitId: number;
  unitName: string;
  /** 1-based; units with equal totals share a rank (1, 1, 3). */
  rank: number;
  total: number;
  categories: Record<AssessmentCategory, number>;
  lines: AssessmentLine[];
}

export interface AssessmentResult {
  planId: number;
  year: number;
  /** The date the data was read as of: the end of the year, or today while the year is running. */
  asOf: string;
  scheme: AssessmentScheme;
  maxTotal: number;
  units: UnitAssessment[];
  /** Set when this is a frozen snapshot: later data no longer changes it. */
  frozen: { frozenBy: string; frozenAt: string } | null;
}

// ---------------------------------------------------------------- dashboard (跟踪分析)

export interface LightCounts {
  green: number;
  yellow: number;
  red: number;
  grey: number;
}

export interface CompletionGroup extends LightCounts {
  total: number;
  /** 已完成 */
  done: number;
  /** Share of tasks 已完成, in percent (one decimal). */
  completionRate: number;
  /** Average reported percent over the group, one decimal. */
  averagePercent: number;
}

export interface DashboardUnit {
  unitId: number;
  unitName: string;
  lead: number;
  cooperating: number;
  leadDone: number;
  leadRed: number;
  leadYellow: number;
}

export interface DashboardRound {
  roundId: number;
  name: string;
  state: 'open' | 'closed';
  dueDate: string;
  /** Tasks owed in the round. */
  expected: number;
  reported: number;
  late: number;
  /** reported / expected in percent, one decimal. */
  reportedShare: number;
  /** Units in scope with at least one task unreported. */
  unitsMissing: number;
}

/** Who has reported in the latest round: 已报 everything, 未报 something before the due date, 逾期 after it. */
export interface DashboardRoundUnit {
  unitId: number;
  unitName: string;
  expected: number;
  reported: number;
  status: '已报' | '未报' | '逾期';
}

export interface Dashboard {
  planId: number;
  today: string;
  totals: { tasks: number; byStatus: Record<TaskStatus, number>; byLight: Record<WarningLight, number>; unassigned: number };
  byChapter: (CompletionGroup & { chapterId: number; label: string; region: string | null })[];
  byRegion: (CompletionGroup & { region: string })[];
  byUnit: DashboardUnit[];
  rounds: DashboardRound[];
  /** The round most worth watching: the latest open one, else the latest closed one; null before any round. */
  latestRound: (DashboardRound & { units: DashboardRoundUnit[] }) | null;
  indicators: {
    id: number;
    name: string;
    unit: string | null;
    achievement: number | null;
    expectedAchievement: number | null;
    light: WarningLight;
    latest: { year: number; value: number } | null;
    targetValue: number | null;
  }[];
  notices: { open: number; overdue: number; byLevel: Record<'蓝' | '黄' | '红', number> };
  problems: { open: number; openMajor: number };
  projects: { total: number; byStage: Record<ProjectStage, number>; plannedInvestment: number; completedInvestment: number };
}
