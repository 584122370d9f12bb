/** 单位: a provincial department, a prefecture city, an investment-promotion office or the coordinating office. */
export type UnitKind = 'office' | 'department' | 'city' | 'investment_office';

export interface Unit {
  id: number;
  name: string;
  kind: UnitKind;
  aliases: string[];
  retired: boolean;
}
