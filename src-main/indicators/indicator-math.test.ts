import { describe, expect, it } from 'vitest';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { loadWorkbook } from '../exchange/testing/template-edit';
import { workbookBytes } from '../reports/sheet-layout';
import { buildIndicatorsReport } from '../reports/supervision.report';
import { SAMPLE_META, sampleIndicators } from '../reports/testing/sample-report-data';
import { achievementPercent, expectedAchievement, INDICATOR_LIGHT_NAMES, judgeIndicator, straightLinePath, type IndicatorTargets } from './indicator-math';

const higher: IndicatorTargets = { baselineYear: 2020, baselineValue: 100, targetYear: 2025, targetValue: 200, direction: 'higher' };
const lower: IndicatorTargets = { baselineYear: 2020, baselineValue: 5, targetYear: 2025, targetValue: 3, direction: 'lower' };

describe('achievementPercent', () => {
  it('measures the share of the way from baseline to target, both directions', () => {
    expect(achievementPercent(100, higher)).toBe(0);
    expect(achievementPercent(150, higher)).toBe(50);
    expect(achievementPercent(200, higher)).toBe(100);
    expect(achievementPercent(230, higher)).toBe(130);
    expect(achievementPercent(90, higher)).toBe(-10);
    expect(achievementPercent(5, lower)).toBe(0);
    expect(achievementPercent(4, lower)).toBe(50);
    expect(achievementPercent(3, lower)).toBe(100);
  });

  it('without a baseline: actual ÷ target for higher, target ÷ actual for lower', () => {
    expect(achievementPercent(1, { ...higher, baselineValue: null, targetValue: 4 })).toBe(25);
    expect(achievementPercent(4, { ...lower, baselineValue: null, targetValue: 3 })).toBe(75);
    expect(achievementPercent(2, { ...lower, baselineValue: null, targetValue: 3 })).toBe(150);
  });

  it('cannot be computed without a target, a direction, or with a baseline on the wrong side', () => {
    expect(achievementPercent(1, { ...higher, targetValue: null })).toBeNull();
    expect(achievementPercent(1, { ...higher, direction: null })).toBeNull();
    expect(achievementPercent(1, { ...higher, targetValue: 100 })).toBeNull();
    expect(achievementPercent(1, { ...higher, targetValue: 50 })).toBeNull();
    expect(achievementPercent(1, { ...higher, baselineValue: null, targetValue: 0 })).toBeNull();
  });
});

describe('straight-line path', () => {
  it('runs from the baseline year to the target year', () => {
    expect(straightLinePath(higher, 2021)).toEqual([
      { year: 2020, expectedValue: 100, expectedAchievement: 0 },
      { year: 2021, expectedValue: 120, expectedAchievement: 20 },
      { year: 2022, expectedValue: 140, expectedAchievement: 40 },
      { year: 2023, expectedValue: 160, expectedAchievement: 60 },
      { year: 2024, expectedValue: 180, expectedAchievement: 80 },
      { year: 2025, expectedValue: 200, expectedAchievement: 100 },
    ]);
  });

  it('starts the year before the plan when there is no baseline year; a lower one without baseline has no values', () => {
    const path = straightLinePath({ ...higher, baselineYear: null, baselineValue: null, targetValue: 1 }, 2021);
    expect(path[0]).toEqual({ year: 2020, expectedValue: 0, expectedAchievement: 0 });
    expect(path.at(-1)).toEqual({ year: 2025, expectedValue: 1, expectedAchievement: 100 });
    const lowerPath = straightLinePath({ ...lower, baselineYear: null, baselineValue: null }, 2021);
    expect(lowerPath.map((p) => p.expectedValue)).toEqual([null, null, null, null, null, null]);
    expect(lowerPath.map((p) => p.expectedAchievement)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('expected achievement is clamped to the path', () => {
    expect(expectedAchievement(2019, 2020, 2025)).toBe(0);
    expect(expectedAchievement(2030, 2020, 2025)).toBe(100);
    expect(expectedAchievement(2025, 2025, 2025)).toBe(100);
  });
});

describe('judgeIndicator at the thresholds (yellow from 10 points behind, red beyond 30)', () => {
  // 2023 expects 60% of the way: a value at 150 + x gives 50 + x%.
  const at = (achievement: number) => judgeIndicator(higher, { year: 2023, value: 100 + achievement }, 2021, DEFAULT_WARNING_THRESHOLDS);

  it.each([
    [60, 'green', 0],
    [50.1, 'green', 9.9],
    [50, 'yellow', 10],
    [30, 'yellow', 30],
    [29.9, 'red', 30.1],
    [0, 'red', 60],
  ] as const)('achievement %s%% in 2023 → %s (lag %s)', (achievement, light, lag) => {
    const judged = at(achievement);
    expect(judged.light).toBe(light);
    expect(judged.lag).toBe(lag);
    expect(judged.expectedAchievement).toBe(60);
  });

  it('is green once the target is reached, whatever the year', () => {
    expect(judgeIndicator(higher, { year: 2021, value: 250 }, 2021, DEFAULT_WARNING_THRESHOLDS)).toMatchObject({ light: 'green', achievement: 150, lag: 0 });
  });

  it('follows the thresholds from settings', () => {
    expect(at(45).light).toBe('yellow');
    expect(judgeIndicator(higher, { year: 2023, value: 145 }, 2021, { yellowLag: 20, redLag: 40 }).light).toBe('green');
  });

  it('is grey, with a reason, when there is nothing to judge', () => {
    expect(judgeIndicator({ ...higher, targetValue: null }, { year: 2023, value: 1 }, 2021, DEFAULT_WARNING_THRESHOLDS)).toMatchObject({ light: 'grey', reasons: ['目标值未设定，无法判断进度'] });
    expect(judgeIndicator(higher, null, 2021, DEFAULT_WARNING_THRESHOLDS)).toMatchObject({ light: 'grey', reasons: ['尚未填报实际值'] });
    expect(judgeIndicator({ ...higher, direction: null }, { year: 2023, value: 1 }, 2021, DEFAULT_WARNING_THRESHOLDS).light).toBe('grey');
  });

  it('judges a lower-is-better indicator on the same path', () => {
    // 2022: 40% expected; 4.5 hours is 25% of the way from 5 to 3 → 15 behind → yellow.
    expect(judgeIndicator(lower, { year: 2022, value: 4.5 }, 2021, DEFAULT_WARNING_THRESHOLDS)).toMatchObject({ light: 'yellow', achievement: 25, lag: 15 });
  });
});

describe('an indicator that cannot be judged', () => {
  it('is named 无法判断, never 暂缓 (a task status), in the 主要指标完成情况表 too', async () => {
    const unjudged = judgeIndicator({ ...higher, targetValue: null }, { year: 2023, value: 150 }, 2021, DEFAULT_WARNING_THRESHOLDS);
    expect([unjudged.light, INDICATOR_LIGHT_NAMES[unjudged.light]]).toEqual(['grey', '无法判断']);
    const data = sampleIndicators(3);
    data.indicators[1] = { ...data.indicators[1]!, light: unjudged.light, reasons: unjudged.reasons };
    const sheet = (await loadWorkbook(await workbookBytes(buildIndicatorsReport(data, SAMPLE_META)))).worksheets[0]!;
    const lights = [4, 5, 6].map((row) => sheet.getCell(row, sheet.getRow(3).cellCount - 1).text);
    expect(lights).toEqual([INDICATOR_LIGHT_NAMES[data.indicators[0]!.light], '无法判断', INDICATOR_LIGHT_NAMES[data.indicators[2]!.light]]);
  });
});
