import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceNotice } from '../notices/notices.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { listTodo } from '../todo/todo.service';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sweepOrphanFiles } from '../files/stored-attachments';
import { registerProblem } from '../problems/problem-register.service';
import { submitReport } from '../progress/progress.service';
import { saveProject } from '../projects/project.service';
import { listNotices } from '../notices/notices.service';
import { closeInstruction, instructionToNotice, listInstructions, readInstructionAttachment, recordInstruction } from './instructions.service';

let t: SeededDatabase;
const at = (date: string) => new Date(`${date}T02:00:00Z`);

beforeEach(async () => {
  t = await createSeededDatabase();
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('6.3.1.1')], leadUnitId: await t.unitId('大同市'), deadline: '2027-12-31' });
});
afterEach(() => t.dispose());

describe('领导批示: recorded, turned into a 督办 notice, followed to the end', () => {
  it('goes 待转办 → 督办中 → 待办结 → 已办结, stays in the office 待办 until closed, and reaches the unit through the notice', async () => {
    const { id } = await recordInstruction(t.db, t.files, t.office, { target: 'task', targetId: await t.taskId('6.3.1.1'), leader: '张副省长', givenOn: '2026-12-01', text: '请抓紧推进陆港建设，月底前报进展。' }, '2026-12-02', at('2026-12-02'));
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
    const input = { target: 'task' as const, targetId: await t.taskId('6.3.1.1'), leader: '张副省长', givenOn: '2026-12-01', text: '批示' };
    await expect(recordInstruction(t.db, t.files, await t.actorFor('大同市'), input, '2026-12-02', at('2026-12-02'))).rejects.toThrow('只有领导小组办公室');
    await expect(recordInstruction(t.db, t.files, t.office, { ...input, givenOn: '2026-12-03' }, '2026-12-02', at('2026-12-02'))).rejects.toThrow('晚于今天');
  });
});

describe('领导批示 on a problem, a project and a progress report, with the scan attached', () => {
  const scan = { name: '张副省长批示件.pdf', contentBase64: Buffer.from('%PDF-1.4 批示件').toString('base64') };
  const record = (target: 'task' | 'problem' | 'project' | 'report', targetId: number, extra: { attachments?: (typeof scan)[] } = {}) =>
    recordInstruction(t.db, t.files, t.office, { target, targetId, leader: '张副省长', givenOn: '2026-12-01', text: '请专题研究解决。', ...extra }, '2026-12-02', at('2026-12-02'));
  const toNotice = (id: number) => instructionToNotice(t.db, t.office, { id, level: '红', requirement: '十日内书面报告', replyDue: '2026-12-20' }, '2026-12-02', at('2026-12-02'));

  it('each becomes a notice to the unit answering for that record, naming its task, and the 台账 names what it is about', async () => {
    const task = await t.taskId('6.3.1.1');
    const datong = await t.unitId('大同市');
    const commerce = await t.unitId('省商务厅');
    await assignTasks(t.db, t.office, { taskIds: [await t.taskId('4.1.1.1')], leadUnitId: commerce, cooperatorUnitIds: [datong], deadline: '2027-12-31' });

    const problem = await registerProblem(t.db, t.office, { taskId: task, kind: '需协调事项', text: '陆港用地指标不足' });
    // A report made by a cooperating unit: the notice goes to the unit that reported, not the task's lead.
    const { reportId } = await submitReport(t.db, t.files, await t.actorFor('大同市'), {
      taskId: await t.taskId('4.1.1.1'), status: '滞后', percent: 10, progress: '配合推进。', problems: '', nextSteps: '', coordination: '', attachments: [],
    });
    const { id: projectId } = await saveProject(t.db, t.office, {
      planId: t.planId, name: '大同国际陆港', stage: '在建', plannedInvestment: 20, completedInvestment: 5, startDate: '2025-01-01', finishDate: '2027-12-31', leadUnitId: datong, taskIds: [task],
    });
    const { id: bare } = await saveProject(t.db, t.office, {
      planId: t.planId, name: '未关联任务的项目', stage: '谋划', plannedInvestment: 1, completedInvestment: 0, startDate: null, finishDate: null, leadUnitId: commerce, taskIds: [],
    });

    const onProblem = await record('problem', problem.id);
    const onReport = await record('report', reportId);
    const onProject = await record('project', projectId);
    const onBare = await record('project', bare);

    const ledger = await listInstructions(t.db, t.office, {});
    const row = (id: number) => ledger.find((r) => r.id === id)!;
    expect(row(onProblem.id)).toMatchObject({ targetKind: 'problem', targetLabel: '需协调事项（任务 6.3.1.1）：陆港用地指标不足', unitName: '大同市', taskCode: '6.3.1.1', stage: '待转办' });
    expect(row(onReport.id)).toMatchObject({ targetKind: 'report', targetLabel: expect.stringMatching(/^进展报告：任务 4\.1\.1\.1，大同市，\d{4}-\d\d-\d\d 填报$/u), unitName: '大同市' });
    expect(row(onProject.id)).toMatchObject({ targetKind: 'project', targetLabel: '重大项目：大同国际陆港', unitName: '大同市', taskId: null });

    for (const id of [onProblem.id, onReport.id, onProject.id]) await toNotice(id);
    await expect(toNotice(onBare.id)).rejects.toThrow('尚未关联规划任务');
    const notices = await listNotices(t.db, {}, '2026-12-02');
    const byReason = (part: string) => notices.find((n) => n.reason.includes(part));
    expect(notices).toHaveLength(3);
    expect(byReason('陆港用地')).toMatchObject({ unitName: '大同市', tasks: [expect.objectContaining({ code: '6.3.1.1' })] });
    expect(byReason('进展报告')).toMatchObject({ unitName: '大同市', tasks: [expect.objectContaining({ code: '4.1.1.1' })] });
    expect(byReason('重大项目：大同国际陆港')).toMatchObject({ unitName: '大同市', tasks: [expect.objectContaining({ code: '6.3.1.1' })] });
    expect((await listInstructions(t.db, t.office, {})).find((r) => r.id === onProblem.id)?.stage).toBe('督办中');

    // The unit the notices went to sees those 批示; 省商务厅 sees none.
    expect((await listInstructions(t.db, await t.actorFor('大同市'), {})).map((r) => r.id).sort()).toEqual([onProblem.id, onReport.id, onProject.id].sort());
    expect(await listInstructions(t.db, await t.actorFor('省商务厅'), {})).toEqual([]);
  });

  it('keeps the scan as 佐证材料 are kept: listed with the 批示, read back whole, only by the unit it was sent to, never swept as an orphan', async () => {
    const { id } = await record('task', await t.taskId('6.3.1.1'), { attachments: [scan] });
    const [row] = await listInstructions(t.db, t.office, {});
    expect(row!.attachments).toEqual([{ id: expect.any(Number), name: '张副省长批示件.pdf', size: Buffer.from(scan.contentBase64, 'base64').length }]);
    const fileId = row!.attachments[0]!.id;
    expect(await readInstructionAttachment(t.db, t.files, t.office, fileId)).toEqual({ name: scan.name, size: row!.attachments[0]!.size, contentBase64: scan.contentBase64 });

    const datong = await t.actorFor('大同市');
    // Before it is a notice to 大同市, the unit cannot open it; after, it can; another unit never.
    await expect(readInstructionAttachment(t.db, t.files, datong, fileId)).rejects.toThrow('单位只能查看转给本单位督办的领导批示的批示件');
    await toNotice(id);
    expect((await readInstructionAttachment(t.db, t.files, datong, fileId)).name).toBe(scan.name);
    await expect(readInstructionAttachment(t.db, t.files, await t.actorFor('省商务厅'), fileId)).rejects.toThrow('单位只能查看');

    // Kept in attachments/ beside the reports' files, and the start-up sweep leaves it there.
    expect(readdirSync(join(t.dir, 'attachments'))).toHaveLength(1);
    const swept = await sweepOrphanFiles(t.db, t.files, new Date(Date.now() + 2 * 60 * 60 * 1000));
    expect(swept.setAside).toEqual([]);
    expect(readdirSync(join(t.dir, 'attachments'))).toHaveLength(1);
  });

  it('refuses a scan with a path for a name and writes nothing', async () => {
    await expect(record('task', await t.taskId('6.3.1.1'), { attachments: [{ ...scan, name: '../批示.pdf' }] })).rejects.toThrow('不能包含路径');
    expect(await listInstructions(t.db, t.office, {})).toEqual([]);
  });
});
