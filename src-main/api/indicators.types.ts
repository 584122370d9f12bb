import type { UnitRef, WarningLight } from './tasks.types';

/** Shapes of the channels for indicators (主要指标). */

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
