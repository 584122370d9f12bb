import type { UnitRef } from './tasks.types';

/** Shapes of the channels for projects (强化项目管理). */

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
