import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepOrphanFiles } from '../files/stored-attachments';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { readExtensionAttachment, requestExtensionWithFiles } from './extension-files';
import { listExtensions } from './extensions.service';

let t: SeededDatabase;
let taskId: number;
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const file = (name: string, text: string) => ({ name, contentBase64: Buffer.from(text).toString('base64') });
const storedFiles = () => (existsSync(join(t.dir, 'attachments')) ? readdirSync(join(t.dir, 'attachments')) : []);

beforeEach(async () => {
  t = await createSeededDatabase();
  taskId = await t.taskId('6.3.1.1');
  await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('大同市'), startDate: '2026-01-01', deadline: '2026-12-31' });
});
afterEach(() => t.dispose());

describe('延期申请 with its documents', () => {
  it('the office sees the files with the pending request and opens them whole; the unit its own; another unit none', async () => {
    const datong = await t.actorFor('大同市');
    const letter = file('市政府关于陆港建设延期的函.pdf', '%PDF 延期函');
    const plan = file('调整后推进计划.docx', '推进计划');
    await requestExtensionWithFiles(t.db, t.files, datong, { taskId, requestedDate: '2027-06-30', reason: '用地审批滞后', attachments: [letter, plan] }, at('2026-12-10'));

    const [pending] = await listExtensions(t.db, t.office, { state: 'pending' });
    expect(pending!.attachments.map((a) => a.name)).toEqual([letter.name, plan.name]);
    const opened = await readExtensionAttachment(t.db, t.files, t.office, pending!.attachments[0]!.id);
    expect(opened).toEqual({ name: letter.name, size: Buffer.from(letter.contentBase64, 'base64').length, contentBase64: letter.contentBase64 });
    expect((await readExtensionAttachment(t.db, t.files, datong, pending!.attachments[1]!.id)).name).toBe(plan.name);
    await expect(readExtensionAttachment(t.db, t.files, await t.actorFor('省商务厅'), pending!.attachments[0]!.id)).rejects.toThrow('单位只能查看本单位延期申请所附的材料');
    expect((await listExtensions(t.db, await t.actorFor('大同市'), {}))[0]!.attachments).toHaveLength(2);

    // Kept beside the reports' files, and not taken for orphans at the next start.
    expect(storedFiles()).toHaveLength(2);
    expect((await sweepOrphanFiles(t.db, t.files, new Date(Date.now() + 2 * 60 * 60 * 1000))).setAside).toEqual([]);
  });

  it('a refused request leaves no file behind', async () => {
    const datong = await t.actorFor('大同市');
    // Not later than the current deadline: refused after the files were checked, before anything stays on disk.
    await expect(
      requestExtensionWithFiles(t.db, t.files, datong, { taskId, requestedDate: '2026-06-30', reason: '提前', attachments: [file('说明.pdf', 'x')] }, at('2026-12-10')),
    ).rejects.toThrow('应晚于现在的完成时限');
    expect(storedFiles()).toEqual([]);
    await expect(
      requestExtensionWithFiles(t.db, t.files, datong, { taskId, requestedDate: '2027-06-30', reason: '用地', attachments: [file('a\\b.pdf', 'x')] }, at('2026-12-10')),
    ).rejects.toThrow('不能包含路径');
    expect(await listExtensions(t.db, t.office, {})).toEqual([]);
  });
});
