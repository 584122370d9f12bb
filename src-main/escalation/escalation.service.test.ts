import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceNotice, issueNotice } from '../notices/notices.service';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { getEscalationRule, noticeEscalation, setEscalationRule } from './escalation.service';

let t: SeededDatabase;
let noticeId: number;
// 08:00 Beijing time on the day given.
const at = (date: string) => new Date(`${date}T00:00:00Z`);

beforeEach(async () => {
  t = await createSeededDatabase();
  const taskId = await t.taskId('6.3.1.1');
  await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('大同市'), deadline: '2027-12-31' });
  ({ id: noticeId } = await issueNotice(t.db, t.office, { taskIds: [taskId], unitId: await t.unitId('大同市'), level: '蓝', reason: '进展滞后', requirement: '书面反馈', replyDue: '2026-12-10' }, '2026-12-01', at('2026-12-01')));
});
afterEach(() => t.dispose());

describe('督办 escalation by the office rule', () => {
  it('an unanswered notice goes 蓝→黄→红 on the dates the rule gives; a new rule moves them; the answer stops it', async () => {
    expect((await noticeEscalation(t.db, noticeId, '2026-12-12')).level).toBe('蓝');
    expect(await noticeEscalation(t.db, noticeId, '2026-12-25')).toEqual({
      issuedLevel: '蓝',
      level: '红',
      steps: [
        { on: '2026-12-13', from: '蓝', to: '黄', daysOverdue: 3 },
        { on: '2026-12-20', from: '黄', to: '红', daysOverdue: 10 },
      ],
    });

    await setEscalationRule(t.db, t.office, { yellowAfterDays: 1, redAfterDays: 20 });
    expect(await getEscalationRule(t.db)).toEqual({ yellowAfterDays: 1, redAfterDays: 20 });
    expect((await noticeEscalation(t.db, noticeId, '2026-12-25')).steps.map((s) => [s.on, s.to])).toEqual([['2026-12-11', '黄']]);

    const datong = await t.actorFor('大同市');
    await advanceNotice(t.db, datong, noticeId, { kind: 'sign' }, at('2026-12-11'));
    await advanceNotice(t.db, datong, noticeId, { kind: 'reply', content: '已推进。' }, at('2026-12-12'));
    // Answered on the 12th: it stays 黄 whatever the date.
    expect((await noticeEscalation(t.db, noticeId, '2027-02-01')).level).toBe('黄');
  });

  it('only the office sets the rule, and red comes after yellow', async () => {
    await expect(setEscalationRule(t.db, await t.actorFor('大同市'), { yellowAfterDays: 1, redAfterDays: 2 })).rejects.toThrow('只有领导小组办公室');
    await expect(setEscalationRule(t.db, t.office, { yellowAfterDays: 5, redAfterDays: 5 })).rejects.toThrow('应大于');
  });
});
