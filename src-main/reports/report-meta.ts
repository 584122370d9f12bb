/** What the line under a report's title says, and the helpers the report builders share. */

export interface ReportMeta {
  /** 填报单位: the unit the report is about, or the office for plan-wide reports. */
  unitName: string;
  /** 填报日期, YYYY-MM-DD. */
  date: string;
  /** The round's name and period, the plan's years, a year, or "截至 YYYY-MM-DD": what `PeriodLabel` names. */
  period: string;
  planTitle: string;
}

/**
 * What the period on the meta line is. 调度期 is a reporting round's and nothing else's: the plan's own years are its
 * 规划期, a year's ledger has a 年度, and a report of the latest state says up to when (统计时点).
 */
export type PeriodLabel = '调度期' | '规划期' | '年度' | '考核年度' | '统计时点';

export function metaLine(meta: ReportMeta, periodLabel: PeriodLabel): { label: string; value: string }[] {
  return [
    { label: '填报单位', value: meta.unitName },
    { label: '填报日期', value: meta.date },
    { label: periodLabel, value: meta.period },
  ];
}

/** A progress report's period: a round's 调度期, or the date the latest state is taken at. */
export const progressPeriod = (isRound: boolean): PeriodLabel => (isRound ? '调度期' : '统计时点');

/** The plan's title in 《》, once, whatever the stored title already has. */
export function planBook(title: string): string {
  const bare = title.replace(/^《|》$/gu, '');
  return `《${bare}》`;
}

/** 未分配 tasks carry no light: their cell stays empty. */
export const LIGHT_NAMES = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '暂缓', none: '' } as const;
/** Light fills for warning rows: pale, so the printout stays readable in black and white. */
export const LIGHT_FILLS = { red: 'FFFCE4E4', yellow: 'FFFFF4CE' } as const;
