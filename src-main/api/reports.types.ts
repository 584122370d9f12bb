/** Shapes of the channels for reports (报表). */

export const REPORT_KINDS = [
  'taskBreakdown',
  'unitProgress',
  'provinceSummary',
  'lagging',
  'supervision',
  'majorProblems',
  'indicators',
  'assessment',
  'publicProgress',
  'instructions',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Each report's title, as on the card, in the sheet and in the file name. */
export const REPORT_TITLES: Record<ReportKind, string> = {
  taskBreakdown: '任务分解表',
  unitProgress: '进展情况表',
  provinceSummary: '全省进展汇总表',
  lagging: '滞后及预警任务清单',
  supervision: '督办事项台账',
  majorProblems: '重大问题清单',
  indicators: '主要指标完成情况表',
  assessment: '考核结果表',
  publicProgress: '进展情况（公开版）',
  instructions: '批示件办理台账',
};

/** A file produced for download: the renderer saves it under `fileName`. */
export interface ExportedFile {
  fileName: string;
  contentBase64: string;
}

export interface RoundOption {
  id: number;
  name: string;
  state: 'open' | 'closed';
  periodStart: string;
  periodEnd: string;
  dueDate: string;
}

/** What the 报表 page offers in its selectors, for one plan. */
export interface ReportOptions {
  rounds: RoundOption[];
  /** Years with a frozen assessment (考核结果表 reads only frozen results). */
  assessmentYears: number[];
  /** Years in which 督办 notices were issued. */
  noticeYears: number[];
}
