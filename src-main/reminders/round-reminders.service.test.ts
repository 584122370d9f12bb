import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitReport } from '../progress/progress.service';
import { closeRound, openRound } from '../rounds/rounds.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { roundReminders, sendRoundReminders } from './round-reminders.service';

let t: SeededDatabase;
let roundId: number;
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const units = ['省商务厅', '省能源局', '大同市'] as const;
const codes = { 省商务厅: ['4.1.1.1', '4.1.1.2'], 省能源局: ['3.1.1.1'], 大同市: ['6.3.1.1'] } as const;

beforeEach(async () => {
  t = await createSeededDatabase();
  for (const unit of units) {
    await assignTasks(t.db, t.office, { taskIds: await Promise.all(codes[unit].map((c) => t.taskId(c))), leadUnitId: await t.unitId(unit), deadline: '2027-12-31' });
  }
  ({ id: roundId } = await openRound(t.db, t.office, {
    planId: t.planId,
    name: '2026年第四季度调度',
    periodStart: '2026-10-01',
    periodEnd: '2026-12-31',
    dueDate: '2026-12-10',
    unitIds: await Promise.all(units.map((u) => t.unitId(u))),
  }));
  await submitReport(t.db, t.files, await t.actorFor('省能源局'), {
    taskId: await t.taskId('3.1.1.1'),
    status: '序时推进',
    percent: 50,
    progress: '推进中。',
    problems: '',
    nextSteps: '',
    coordination: '',
    attachments: [],
  });
});
afterEach(() => t.dispose());

describe('催办 in a round', () => {
  it('one action urges every unit still 未报, each with what it owes, and the round counts them per unit', async () => {
    expect(await sendRoundReminders(t.db, t.office, { roundId, message: '请尽快报送' }, at('2026-12-11'))).toEqual({ units: ['省商务厅', '大同市'] });
    await sendRoundReminders(t.db, t.office, { roundId, unitId: await t.unitId('大同市'), message: '' }, at('2026-12-12'));

    const summary = await roundReminders(t.db, t.office, roundId);
    expect(summary.countByUnit).toEqual({ [await t.unitId('省商务厅')]: 1, [await t.unitId('大同市')]: 2 });
    expect(summary.reminders.map((r) => [r.unitName, r.missing, r.sentBy])).toEqual([
      ['大同市', 1, t.office.label],
      ['大同市', 1, t.office.label],
      ['省商务厅', 2, t.office.label],
    ]);
    // A unit reads only the 催办 sent to it.
    expect((await roundReminders(t.db, await t.actorFor('省商务厅'), roundId)).reminders.map((r) => r.unitName)).toEqual(['省商务厅']);
  });

  it('refuses a unit that has reported, a unit or a caller that may not, and a closed round', async () => {
    await expect(sendRoundReminders(t.db, t.office, { roundId, unitId: await t.unitId('省能源局'), message: '' }, at('2026-12-11'))).rejects.toThrow('无需催办');
    await expect(sendRoundReminders(t.db, await t.actorFor('大同市'), { roundId, message: '' }, at('2026-12-11'))).rejects.toThrow('只有领导小组办公室可以催办');
    await closeRound(t.db, t.office, roundId, '2026-12-11', DEFAULT_WARNING_THRESHOLDS);
    await expect(sendRoundReminders(t.db, t.office, { roundId, message: '' }, at('2026-12-12'))).rejects.toThrow('已结束');
  });
});
