import type { IndicatorDirection, IndicatorPathPoint } from '../api/indicators.types';
import type { WarningLight, WarningThresholds } from '../api/tasks.types';

/**
 * 主要指标 arithmetic, pure: achievement against the target, the straight-line path from the baseline to the target,
 * and the warning light when the latest value is behind that path. Achievement is "the share of the way from the
 * baseline to the target", so a value still at the baseline is 0% and one at the target 100%, for either direction.
 */

export interface IndicatorTargets {
  baselineYear: number | null;
  baselineValue: number | null;
  targetYear: number | null;
  targetValue: number | null;
  direction: IndicatorDirection | null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Achievement in percent, not capped (beating the target gives more than 100). Without a baseline value a 'higher'
 * indicator is measured from zero (actual / target) and a 'lower' one as target / actual, its mirror.
 */
export function achievementPercent(value: number, targets: IndicatorTargets): number | null {
  const { baselineValue: baseline, targetValue: target, direction } = targets;
  if (target === null || direction === null) return null;
  if (baseline !== null) {
    const span = direction === 'higher' ? target - baseline : baseline - target;
    if (span <= 0) return null;
    const gained = direction === 'higher' ? value - baseline : baseline - value;
    return round1((gained / span) * 100);
  }
  if (direction === 'higher') return target === 0 ? null : round1((value / target) * 100);
  // 'lower' without a baseline: at or below the target is done; a non-positive actual cannot form a ratio.
  if (value <= 0) return target >= 0 ? 100 : null;
  if (target <= 0) return null;
  return round1((target / value) * 100);
}

/** The year the straight line starts from: the baseline year, or the year before the plan period. */
export function pathStartYear(targets: Pick<IndicatorTargets, 'baselineYear'>, planStartYear: number): number {
  return targets.baselineYear ?? planStartYear - 1;
}

/** Share of the way (0–100) the straight line expects by `year`. */
export function expectedAchievement(year: number, startYear: number, targetYear: number): number {
  if (targetYear <= startYear) return year >= targetYear ? 100 : 0;
  return round1(Math.min(1, Math.max(0, (year - startYear) / (targetYear - startYear))) * 100);
}

/**
 * The straight-line path for each year from the start to the target year. The expected value needs a starting
 * value: the baseline, or zero for a 'higher' indicator without one (the same zero its achievement is measured from).
 */
export function straightLinePath(targets: IndicatorTargets, planStartYear: number): IndicatorPathPoint[] {
  if (targets.targetYear === null) return [];
  const start = pathStartYear(targets, planStartYear);
  if (targets.targetYear < start) return [];
  const startValue = targets.baselineValue ?? (targets.direction === 'higher' ? 0 : null);
  const points: IndicatorPathPoint[] = [];
  for (let year = start; year <= targets.targetYear; year++) {
    const share = expectedAchievement(year, start, targets.targetYear);
    const expectedValue =
      startValue !== null && targets.targetValue !== null ? Math.round((startValue + ((targets.targetValue - startValue) * share) / 100) * 1000) / 1000 : null;
    points.push({ year, expectedValue, expectedAchievement: share });
  }
  return points;
}

/**
 * The lights' names for an indicator. Grey here means there is nothing to judge against (no target, no direction, no
 * value yet): 无法判断. A task's grey light is 暂缓, a task status, which an indicator never has.
 */
export const INDICATOR_LIGHT_NAMES = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '无法判断' } as const satisfies Record<WarningLight, string>;

export interface IndicatorJudgement {
  achievement: number | null;
  expectedAchievement: number | null;
  lag: number | null;
  light: WarningLight;
  reasons: string[];
}

/**
 * Judges an actual value of `year` against the path, with the task thresholds: yellow from `yellowLag` points of
 * achievement behind the straight line, red beyond `redLag`. Grey when there is nothing to judge against.
 */
export function judgeIndicator(
  targets: IndicatorTargets,
  actual: { year: number; value: number } | null,
  planStartYear: number,
  thresholds: Pick<WarningThresholds, 'yellowLag' | 'redLag'>,
): IndicatorJudgement {
  const grey = (reason: string, achievement: number | null = null): IndicatorJudgement => ({
    achievement,
    expectedAchievement: null,
    lag: null,
    light: 'grey',
    reasons: [reason],
  });
  if (targets.targetValue === null || targets.targetYear === null) return grey('目标值未设定，无法判断进度');
  if (targets.direction === null) return grey('未设定指标方向（越大越好或越小越好）');
  if (actual === null) return grey('尚未填报实际值');
  const achievement = achievementPercent(actual.value, targets);
  if (achievement === null) return grey('基期值与目标值相同或方向不一致，无法计算完成度');
  const expected = expectedAchievement(actual.year, pathStartYear(targets, planStartYear), targets.targetYear);
  const lag = round1(Math.max(0, expected - achievement));
  const judged = { achievement, expectedAchievement: expected, lag };
  if (achievement >= 100) return { ...judged, light: 'green', reasons: [`${actual.year}年已达到目标（完成 ${achievement}%）`] };
  const behind = `${actual.year}年完成 ${achievement}%，按直线进度应达 ${expected}%，落后 ${lag} 个百分点`;
  if (lag > thresholds.redLag) return { ...judged, light: 'red', reasons: [behind] };
  if (lag >= thresholds.yellowLag) return { ...judged, light: 'yellow', reasons: [behind] };
  return { ...judged, light: 'green', reasons: [`${actual.year}年完成 ${achievement}%，符合直线进度（应达 ${expected}%）`] };
}
