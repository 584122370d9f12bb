/** What the line under a report's title says, and the helpers the report builders share. */

export interface ReportMeta {
  /** 填报单位: the unit the report is about, or the office for plan-wide reports. */
  unitName: string;
  /** 填报日期, YYYY-MM-DD. */
  date: string;
  /** 调度期: the round's name and period, or "截至 YYYY-MM-DD" for the latest state. */
  period: string;
  planTitle: string;
}

export function metaLine(meta: ReportMeta): { label: string; value: string }[] {
  return [
    { label: '填报单位', value: meta.unitName },
    { label: '填报日期', value: meta.date },
    { label: '调度期', value: meta.period },
  ];
}

/** The plan's title in 《》, once, whatever the stored title already has. */
export function planBook(title: string): string {
  const bare = title.replace(/^《|》$/gu, '');
  return `《${bare}》`;
}

export const LIGHT_NAMES = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '暂缓' } as const;
/** Light fills for warning rows: pale, so the printout stays readable in black and white. */
export const LIGHT_FILLS = { red: 'FFFCE4E4', yellow: 'FFFFF4CE' } as const;
