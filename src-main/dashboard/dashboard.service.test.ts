import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskStatus } from '../api/tasks.types';
import { createIndicator, recordIndicatorValue } from '../indicators/indicator.service';
import { saveProject } from '../projects/project.service';
import { chinaDateOf } from '../rules/report-date';
import { closeRound } from '../rounds/rounds.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { refreshTaskLights } from '../tasks/task-lights';
import { getDashboard } from './dashboard.service';

let t: SeededDatabase;
const TODAY = '2024-11-15';
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(async () => t.dispose());

async function assign(code: string, unit: string, cooperators: string[] = []) {
  const taskId = await t.taskId(code);
  await t.db.updateTable('tasks').set({ lead_unit_id: await t.unitId(unit) }).where('id', '=', taskId).execute();
  for (const name of cooperators) await t.db.insertInto('task_cooperators').values({ task_id: taskId, unit_id: await t.unitId(name) }).execute();
  // Written straight to the table: with its light dates, as the services' writes do (tasks/task-lights.ts).
  await refreshTaskLights(t.db, [taskId]);
  return taskId;
}

async function setStatus(code: string, status: TaskStatus, percent: number) {
  const taskId = await t.taskId(code);
  await t.db.updateTable('tasks').set({ status, percent }).where('id', '=', taskId).execute();
  await refreshTaskLights(t.db, [taskId]);
}

async function report(taskId: number, unitId: number, createdAt: string, roundId: number) {
  return (
    await t.db
      .insertInto('progress_reports')
      .values({ task_id: taskId, unit_id: unitId, reporter: 'x', status: '序时推进', percent: 70, source: 'manual', created_at: createdAt, report_date: chinaDateOf(createdAt), round_id: roundId })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** A round's row for a task, with the report it counts (made at `createdAt`) as the report writer links it. */
async function owed(roundId: number, taskId: number, unitId: number, createdAt: string | null) {
  const reportId = createdAt ? await report(taskId, unitId, createdAt, roundId) : null;
  await t.db.insertInto('round_tasks').values({ round_id: roundId, task_id: taskId, unit_id: unitId, report_id: reportId, reported_at: createdAt, report_date: createdAt ? chinaDateOf(createdAt) : null }).execute();
}

async function notice(seq: number, unit: string, replyDue: string, state: string, replied: string | null, level = '黄') {
  const { id } = await t.db
    .insertInto('supervision_notices')
    .values({ plan_id: t.planId, year: 2024, seq, number: `督办〔2024〕${seq}号`, unit_id: await t.unitId(unit), level, reason: 'r', requirement: 'q', reply_due: replyDue, state })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (replied) await t.db.insertInto('notice_steps').values({ notice_id: id, action: '反馈', actor: 'x', created_at: `${replied}T03:00:00.000Z` }).execute();
}

async function problem(code: string, unit: string, state: string, major: boolean) {
  await t.db
    .insertInto('problems')
    .values({ plan_id: t.planId, task_id: await t.taskId(code), kind: '存在问题', text: '用地指标不足', owner_unit_id: await t.unitId(unit), state, is_major: major ? 1 : 0 })
    .execute();
}

describe('dashboard', () => {
  it('adds up tasks, units, rounds, indicators, notices, problems and projects for one plan', async () => {
    const commerceId = await t.unitId('省商务厅');
    const datongId = await t.unitId('大同市');
    const a = await assign('4.1.1.1', '省商务厅', ['大同市']);
    const b = await assign('4.1.1.2', '省商务厅');
    await assign('3.1.1.1', '大同市', ['省商务厅', '省能源局']);
    await setStatus('4.1.1.1', '已完成', 100);
    await setStatus('4.1.1.2', '序时推进', 75);
    await setStatus('3.1.1.1', '暂缓', 10);

    const dash = await getDashboard(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    expect(dash.latestRound).toBeNull();
    expect(dash.totals.tasks).toBe(270);
    expect(dash.totals.unassigned).toBe(267);
    expect(dash.totals.byStatus).toMatchObject({ 已完成: 1, 序时推进: 1, 暂缓: 1, 未启动: 267 });
    // Only assigned tasks carry a light; the 267 unassigned ones are counted as such, never as red.
    expect(Object.values(dash.totals.byLight).reduce((s, n) => s + n, 0)).toBe(3);
    expect(dash.totals.byLight.red).toBe(0);
    expect(dash.totals.byLight.grey).toBe(1);

    expect(dash.byChapter.map((c) => [c.label, c.total])).toEqual([
      ['第三章 深度融入京津冀，实现联动发展', expect.any(Number)],
      ['第四章 强化协作长三角，实现共赢发展', 42],
      ['第五章 精准对接大湾区，实现协同发展', expect.any(Number)],
      ['第六章 务实合作毗邻区，实现共融发展', expect.any(Number)],
      ['第七章 保障措施', 31],
    ]);
    expect(dash.byChapter.reduce((s, c) => s + c.total, 0)).toBe(270);
    const ch4 = dash.byChapter[1]!;
    expect(ch4).toMatchObject({ region: '长三角', done: 1, completionRate: 2.4 });
    expect(dash.byRegion.map((r) => r.region)).toEqual(['京津冀', '长三角', '大湾区', '毗邻区', '保障措施']);
    expect(dash.byRegion[1]).toMatchObject({ region: '长三角', total: 42, done: 1 });

    expect(dash.byUnit).toEqual([
      { unitId: commerceId, unitName: '省商务厅', lead: 2, cooperating: 1, leadDone: 1, leadRed: 0, leadYellow: 0 },
      expect.objectContaining({ unitName: '省能源局', lead: 0, cooperating: 1 }),
      { unitId: datongId, unitName: '大同市', lead: 1, cooperating: 1, leadDone: 0, leadRed: 0, leadYellow: 0 },
    ]);

    // Rounds: a closed one read from the totals frozen when it closed, an open one live.
    const closed = (await t.db.insertInto('rounds').values({ plan_id: t.planId, name: '2024年第二季度调度', period_start: '2024-04-01', period_end: '2024-06-30', due_date: '2024-07-10', opened_by: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
    await owed(closed, a, commerceId, '2024-07-01T01:00:00.000Z');
    await owed(closed, b, commerceId, '2024-07-12T01:00:00.000Z');
    await owed(closed, await t.taskId('3.1.1.1'), datongId, null);
    await closeRound(t.db, t.office, closed, '2024-07-20', DEFAULT_WARNING_THRESHOLDS);
    // Frozen: a report counted for the closed round afterwards does not change its totals.
    await t.db.updateTable('round_tasks').set({ report_id: await report(await t.taskId('3.1.1.1'), datongId, '2024-07-25T01:00:00.000Z', closed) }).where('round_id', '=', closed).where('unit_id', '=', datongId).execute();
    const open = (await t.db.insertInto('rounds').values({ plan_id: t.planId, name: '2024年第三季度调度', period_start: '2024-07-01', period_end: '2024-09-30', due_date: '2024-10-10', opened_by: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
    await owed(open, a, commerceId, '2024-10-12T01:00:00.000Z');
    await owed(open, b, commerceId, '2024-10-01T01:00:00.000Z');
    await owed(open, await t.taskId('3.1.1.1'), datongId, null);

    await notice(1, '大同市', '2024-11-01', 'issued', null, '红');
    await notice(2, '大同市', '2024-11-01', 'replied', '2024-11-03');
    await notice(3, '省商务厅', '2024-11-01', 'replied', '2024-10-30');
    await notice(4, '省商务厅', '2024-12-01', 'signed', null, '蓝');
    await notice(5, '省商务厅', '2024-10-01', 'closed', null);
    await problem('4.1.1.1', '省商务厅', 'open', true);
    await problem('4.1.1.1', '省商务厅', 'in_progress', true);
    await problem('4.1.1.2', '省商务厅', 'solved', true);
    await problem('4.1.1.2', '省商务厅', 'open', false);
    await saveProject(t.db, t.office, { planId: t.planId, name: '甲', stage: '在建', plannedInvestment: 10.5, completedInvestment: 3, startDate: null, finishDate: null, leadUnitId: null, taskIds: [] });
    await saveProject(t.db, t.office, { planId: t.planId, name: '乙', stage: '在建', plannedInvestment: 20, completedInvestment: 1.25, startDate: null, finishDate: null, leadUnitId: null, taskIds: [] });
    await saveProject(t.db, t.office, { planId: t.planId, name: '丙', stage: '前期', plannedInvestment: 5, completedInvestment: 0, startDate: null, finishDate: null, leadUnitId: null, taskIds: [] });
    const { id: indicatorId } = await createIndicator(t.db, t.office, {
      planId: t.planId, name: '签约额', unit: '亿元', baselineYear: 2020, baselineValue: 100, targetYear: 2025, targetValue: 200, targetText: null, direction: 'higher', responsibleUnitId: null, note: '',
    });
    await recordIndicatorValue(t.db, t.office, { indicatorId, year: 2023, value: 130, note: '' });

    const full = await getDashboard(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    expect(full.rounds).toEqual([
      { roundId: closed, name: '2024年第二季度调度', state: 'closed', dueDate: '2024-07-10', expected: 3, reported: 2, late: 1, reportedShare: 66.7, unitsMissing: 1 },
      { roundId: open, name: '2024年第三季度调度', state: 'open', dueDate: '2024-10-10', expected: 3, reported: 2, late: 1, reportedShare: 66.7, unitsMissing: 1 },
    ]);
    expect(full.latestRound).toMatchObject({
      roundId: open,
      units: [
        { unitName: '省商务厅', expected: 2, reported: 2, status: '已报' },
        { unitName: '大同市', expected: 1, reported: 0, status: '逾期' },
      ],
    });
    const beforeDue = await getDashboard(t.db, t.planId, '2024-10-01', DEFAULT_WARNING_THRESHOLDS);
    expect(beforeDue.latestRound?.units.map((u) => u.status)).toEqual(['已报', '未报']);
    // 1: never answered; 2: answered late; 3: answered in time, not yet 办结 past its date (DOMAIN.md's 逾期).
    expect(full.notices).toEqual({ open: 4, overdue: 3, byLevel: { 蓝: 1, 黄: 2, 红: 1 } });
    expect(full.problems).toEqual({ open: 3, openMajor: 2 });
    expect(full.projects).toEqual({ total: 3, byStage: { 谋划: 0, 前期: 1, 在建: 2, 竣工: 0, 投产达效: 0 }, plannedInvestment: 35.5, completedInvestment: 4.25 });
    expect(full.indicators.find((i) => i.name === '签约额')).toMatchObject({ achievement: 30, expectedAchievement: 60, light: 'yellow', latest: { year: 2023, value: 130 } });
  });

  it('uses the same number of queries however many rounds and notices there are (no N+1)', async () => {
    let queries = 0;
    // The same database through a plugin that counts the queries it builds (on either engine).
    const counting = t.db.withPlugin({ transformQuery: ({ node }) => ((queries += 1), node), transformResult: async ({ result }) => result });
    const count = async () => {
      queries = 0;
      await getDashboard(counting, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
      return queries;
    };
    // The first call of the day counts the plan's tallies afresh (plan-tallies.ts); later calls read them.
    await count();
    const before = await count();
    const taskId = await assign('4.1.1.1', '省商务厅');
    const unitId = await t.unitId('省商务厅');
    for (let i = 1; i <= 12; i++) {
      const { id } = await t.db
        .insertInto('rounds')
        .values({ plan_id: t.planId, name: `第${i}轮`, period_start: '2024-01-01', period_end: '2024-01-31', due_date: `2024-${String(i).padStart(2, '0')}-10`, state: i % 2 ? 'closed' : 'open', opened_by: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.insertInto('round_tasks').values({ round_id: id, task_id: taskId, unit_id: unitId, report_id: null }).execute();
      await notice(i, '省商务厅', '2024-01-01', 'issued', null);
    }
    // The closed rounds' frozen totals: one query more, whatever their number.
    expect(await count()).toBe(before + 1);
  });
});
