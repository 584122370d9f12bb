import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceNotice, issueNotice, listNotices } from '../notices/notices.service';
import { loadNoticeLines } from '../reports/supervision-data';
import { buildSupervisionReport } from '../reports/supervision.report';
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

describe('the escalated level where notices are listed', () => {
  it('the 督办 list and the 督办事项台账 show the level the rule has raised an unanswered notice to, and its issued level', async () => {
    const levelOn = async (today: string) => (await listNotices(t.db, {}, today)).find((n) => n.id === noticeId)!;
    expect(await levelOn('2026-12-12')).toMatchObject({ level: '蓝', escalatedLevel: '蓝' });
    expect(await levelOn('2026-12-13')).toMatchObject({ level: '蓝', escalatedLevel: '黄' });
    expect(await levelOn('2026-12-25')).toMatchObject({ level: '蓝', escalatedLevel: '红' });
    // The list and the notice's own escalation trace agree.
    expect((await levelOn('2026-12-25')).escalatedLevel).toBe((await noticeEscalation(t.db, noticeId, '2026-12-25')).level);

    const lines = await loadNoticeLines(t.db, t.planId, 2026, '2026-12-25');
    expect(lines.map((l) => [l.level, l.escalatedLevel])).toEqual([['蓝', '红']]);
    const sheet = buildSupervisionReport(lines, { planTitle: '规划', unitName: '领导小组办公室', date: '2026-12-25', period: '2026年度' }).sheets[0]!;
    if (sheet.kind !== 'table') throw new Error('督办事项台账 is a table sheet');
    const column = sheet.spec.columns.findIndex((c) => c.header === '当前等级');
    expect(column).toBeGreaterThan(0);
    expect(sheet.spec.rows[0]![column]).toBe('红色（由蓝升级）');
  });
});
