import { describe, expect, it } from 'vitest';
import { addMonths, assessTask, DEFAULT_WARNING_THRESHOLDS, scheduleProgress, type TaskTiming } from './task-warning';

// A task running through 2024: 366 days, so each 1% of the period is about 3.66 days.
const task = (overrides: Partial<TaskTiming> = {}): TaskTiming => ({
  startDate: '2024-01-01',
  deadline: '2025-01-01',
  status: '序时推进',
  percent: 50,
  assigned: true,
  ...overrides,
});

describe('序时进度', () => {
  it('is the elapsed share of the period, clamped to 0–100', () => {
    expect(scheduleProgress('2024-01-01', '2025-01-01', '2023-06-01')).toBe(0);
    expect(scheduleProgress('2024-01-01', '2025-01-01', '2024-07-02')).toBe(50);
    expect(scheduleProgress('2024-01-01', '2025-01-01', '2026-01-01')).toBe(100);
    expect(scheduleProgress('2024-05-01', '2024-05-01', '2024-05-01')).toBe(100);
  });
});

describe('assessTask at its thresholds', () => {
  const midYear = '2024-07-02'; // 序时进度 50
  it('is green on schedule and up to 9 points behind', () => {
    expect(assessTask(task({ percent: 50 }), midYear)).toMatchObject({ scheduleProgress: 50, lag: 0, light: 'green' });
    expect(assessTask(task({ percent: 41 }), midYear)).toMatchObject({ lag: 9, light: 'green' });
  });
  it('is yellow from 10 to 30 points behind', () => {
    expect(assessTask(task({ percent: 40 }), midYear)).toMatchObject({ lag: 10, light: 'yellow', reasons: ['落后序时进度 10 个百分点'] });
    expect(assessTask(task({ percent: 20 }), midYear)).toMatchObject({ lag: 30, light: 'yellow' });
  });
  it('is red more than 30 points behind', () => {
    expect(assessTask(task({ percent: 19 }), midYear)).toMatchObject({ lag: 31, light: 'red', reasons: ['落后序时进度 31 个百分点'] });
  });
  it('is yellow when the deadline is 30 days away or fewer, green at 31', () => {
    const due = task({ percent: 95 });
    expect(assessTask(due, '2024-12-01').light).toBe('green');
    expect(assessTask(due, '2024-12-02')).toMatchObject({ light: 'yellow', reasons: ['距完成时限仅剩 30 天'] });
  });
  it('is red the day after the deadline unless done', () => {
    expect(assessTask(task({ percent: 99 }), '2025-01-01').light).toBe('yellow');
    expect(assessTask(task({ percent: 99 }), '2025-01-02')).toMatchObject({ light: 'red', reasons: ['已超过完成时限（2025-01-01）1 天'] });
    expect(assessTask(task({ percent: 100, status: '已完成' }), '2026-01-01')).toMatchObject({ light: 'green', reasons: ['已完成'] });
  });
  it('is red when still 未启动 three months after the start, not the day before', () => {
    const notStarted = task({ status: '未启动', percent: 0, startDate: '2024-01-01', deadline: '2030-01-01' });
    expect(assessTask(notStarted, '2024-03-31').light).toBe('green');
    expect(assessTask(notStarted, '2024-04-01')).toMatchObject({ light: 'red', reasons: ['开始 3 个月后仍未启动'] });
  });
  it('is grey while paused (暂缓)', () => {
    expect(assessTask(task({ status: '暂缓', percent: 0 }), '2026-01-01').light).toBe('grey');
  });
  it('follows thresholds changed in 设置', () => {
    const strict = { ...DEFAULT_WARNING_THRESHOLDS, yellowLag: 5, redLag: 15 };
    expect(assessTask(task({ percent: 45 }), midYear, strict).light).toBe('yellow');
    expect(assessTask(task({ percent: 34 }), midYear, strict).light).toBe('red');
  });
});

describe('addMonths', () => {
  it('keeps the day or clamps it to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
  });
});
