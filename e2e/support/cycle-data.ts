import { E2E_TODAY, OFFICE_PROFILE, e2eDay, type RunningApp } from './fixtures';

/**
 * Data for one supervision cycle, set up through the API as the app's own screens would leave it: three units lead
 * tasks, a round asks them to report, two report (one raising a problem) and 大同市 does not.
 */

export const CYCLE_UNITS = { 省商务厅: ['4.1.1.1', '4.1.1.2'], 省能源局: ['3.1.1.1'], 大同市: ['6.3.1.1'] } as const;
export const ROUND_NAME = '本季度调度';


export interface Cycle {
  unitId(name: string): number;
  taskId(code: string): number;
  planId: number;
  roundId: number;
  /** The round's due date: a week from today, but inside this year so the round counts for this year's 考核. */
  due: string;
  year: number;
  report(code: string, extra?: Record<string, unknown>): Record<string, unknown>;
  actAs(unit: string | null, action: () => Promise<unknown>): Promise<void>;
}

export async function prepareCycle(app: RunningApp): Promise<Cycle> {
  const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
  const unitId = (name: string) => units.find((u) => u.name === name)!.id;
  const plans = await app.callApi<{ id: number }[]>('plan.list', {});
  const planId = plans[0]!.id;
  const tasks = (await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', { planId })).rows;
  const taskId = (code: string) => tasks.find((t) => t.code === code)!.id;
  const year = Number(E2E_TODAY.slice(0, 4));
  // Tasks under way for two years, due two years ahead: one reported at 95% is ahead of 序时, one never reported is
  // far behind it (red) on the suite's fixed date.
  for (const [unit, codes] of Object.entries(CYCLE_UNITS)) {
    await app.callApi('tasks.assign', { taskIds: codes.map(taskId), leadUnitId: unitId(unit), startDate: `${year - 2}-01-01`, deadline: `${year + 2}-12-31` });
  }
  await app.callApi('tasks.assign', { taskIds: [taskId('4.1.1.1')], addCooperatorUnitIds: [unitId('大同市')] });

  const weekAhead = e2eDay(7);
  const due = weekAhead.slice(0, 4) === String(year) ? weekAhead : `${year}-12-31`;
  const from = e2eDay(-30);
  const { id: roundId } = await app.callApi<{ id: number }>('rounds.open', {
    planId,
    name: ROUND_NAME,
    periodStart: from < `${year}-01-01` ? `${year}-01-01` : from,
    periodEnd: E2E_TODAY,
    dueDate: due,
    unitIds: Object.keys(CYCLE_UNITS).map(unitId),
  });

  const report = (code: string, extra: Record<string, unknown> = {}) => ({
    taskId: taskId(code),
    status: '超序时进度',
    percent: 95,
    progress: '按计划推进。',
    problems: '',
    nextSteps: '',
    coordination: '',
    attachments: [],
    ...extra,
  });
  const actAs = async (unit: string | null, action: () => Promise<unknown>) => {
    await app.actAs(unit === null ? OFFICE_PROFILE : { role: 'unit', unitId: unitId(unit), person: '经办人' });
    try {
      await action();
    } finally {
      await app.actAs(OFFICE_PROFILE);
    }
  };

  await actAs('省商务厅', async () => {
    await app.callApi('progress.submit', report('4.1.1.1', { problems: '项目用地指标不足。' }));
    await app.callApi('progress.submit', report('4.1.1.2', { status: '已完成', percent: 100, progress: '对接方案已印发。' }));
  });
  await actAs('省能源局', () => app.callApi('progress.submit', report('3.1.1.1')));
  return { unitId, taskId, planId, roundId, due, year, report, actAs };
}

/** 督办 to 大同市: 交办 → 签收 → 反馈 → 退回 → 反馈 → 办结 (the office records the unit's steps on its behalf). */
export async function superviseDatong(app: RunningApp, cycle: Cycle): Promise<string> {
  const { id, number } = await app.callApi<{ id: number; number: string }>('notices.issue', {
    taskIds: [cycle.taskId('6.3.1.1')],
    unitId: cycle.unitId('大同市'),
    level: '黄',
    reason: '本季度调度未报送进展',
    requirement: '3日内报送进展并说明原因',
    replyDue: cycle.due,
  });
  await cycle.actAs('大同市', async () => {
    await app.callApi('notices.sign', { id });
    await app.callApi('notices.reply', { id, content: '已补报。' });
  });
  await app.callApi('notices.review', { id, accept: false, comment: '反馈过于笼统，请补充具体进度。' });
  await cycle.actAs('大同市', () => app.callApi('notices.reply', { id, content: '已完成招标，月底开工。' }));
  await app.callApi('notices.review', { id, accept: true, comment: '' });
  return number;
}

/** The problem raised in 省商务厅's report goes on the 重大问题清单. */
export async function markProblemMajor(app: RunningApp, cycle: Cycle): Promise<void> {
  const problems = await app.callApi<{ id: number; text: string }[]>('problems.list', { planId: cycle.planId });
  const problem = problems.find((p) => p.text.includes('项目用地指标不足'))!;
  await app.callApi('problems.setMajor', { id: problem.id, major: true, note: '提请省政府协调用地指标' });
}
