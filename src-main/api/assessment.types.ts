/** Shapes of the channels for assessment (考核). */

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
