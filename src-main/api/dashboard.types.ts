import type { ProjectStage } from './projects.types';
import type { TaskStatus, WarningLight } from './tasks.types';

/** Shapes of the channels for dashboard (跟踪分析). */

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
