import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceNotice } from '../notices/notices.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { listTodo } from '../todo/todo.service';
import { closeInstruction, instructionToNotice, listInstructions, recordInstruction } from './instructions.service';

let t: SeededDatabase;
const at = (date: string) => new Date(`${date}T02:00:00Z`);

beforeEach(async () => {
  t = await createSeededDatabase();
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('6.3.1.1')], leadUnitId: await t.unitId('大同市'), deadline: '2027-12-31' });
});
afterEach(() => t.dispose());

describe('领导批示: recorded, turned into a 督办 notice, followed to the end', () => {
  it('goes 待转办 → 督办中 → 待办结 → 已办结, stays in the office 待办 until closed, and reaches the unit through the notice', async () => {
    const { id } = await recordInstruction(t.db, t.office, { taskId: await t.taskId('6.3.1.1'), leader: '张副省长', givenOn: '2026-12-01', text: '请抓紧推进陆港建设，月底前报进展。' }, '2026-12-02', at('2026-12-02'));
    const stage = async () => (await listInstructions(t.db, t.office, {})).find((row) => row.id === id)!.stage;
    expect(await stage()).toBe('待转办');
    const officeTodo = await listTodo(t.db, t.office, '2026-12-02', DEFAULT_WARNING_THRESHOLDS);
    expect(officeTodo.items.find((i) => i.kind === 'instructionOpen')).toMatchObject({ title: '领导批示（张副省长，2026-12-01）待转办', target: { kind: 'task' } });

    const datong = await t.actorFor('大同市');
    expect(await listInstructions(t.db, datong, {})).toEqual([]);
    const notice = await instructionToNotice(t.db, t.office, { id, level: '红', requirement: '月底前书面报告', replyDue: '2026-12-20' }, '2026-12-02', at('2026-12-02'));
    await expect(instructionToNotice(t.db, t.office, { id, level: '红', requirement: '再次', replyDue: '2026-12-20' }, '2026-12-02', at('2026-12-02'))).rejects.toThrow('已转为督办');
    expect(await stage()).toBe('督办中');
    const seen = await listInstructions(t.db, datong, {});
    expect(seen.map((row) => [row.leader, row.notice?.number])).toEqual([['张副省长', notice.number]]);

    await advanceNotice(t.db, datong, notice.noticeId, { kind: 'sign' }, at('2026-12-03'));
    await advanceNotice(t.db, datong, notice.noticeId, { kind: 'reply', content: '已开工。' }, at('2026-12-04'));
    await advanceNotice(t.db, t.office, notice.noticeId, { kind: 'review', accept: true, comment: '' }, at('2026-12-05'));
    expect(await stage()).toBe('待办结');
    await closeInstruction(t.db, t.office, { id, note: '已向张副省长报告' }, at('2026-12-06'));
    expect(await stage()).toBe('已办结');
    expect((await listTodo(t.db, t.office, '2026-12-06', DEFAULT_WARNING_THRESHOLDS)).counts.instructionOpen).toBeUndefined();
    expect(await listInstructions(t.db, t.office, { openOnly: true })).toEqual([]);
  });

  it('only the office records one, never dated in the future', async () => {
    const input = { taskId: await t.taskId('6.3.1.1'), leader: '张副省长', givenOn: '2026-12-01', text: '批示' };
    await expect(recordInstruction(t.db, await t.actorFor('大同市'), input, '2026-12-02', at('2026-12-02'))).rejects.toThrow('只有领导小组办公室');
    await expect(recordInstruction(t.db, t.office, { ...input, givenOn: '2026-12-03' }, '2026-12-02', at('2026-12-02'))).rejects.toThrow('晚于今天');
  });
});
