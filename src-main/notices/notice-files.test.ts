import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../api/handler.types';
import type { NoticeDetail, NoticeState } from '../api/notices.types';
import type { FileContent } from '../api/uploads';
import { openAppContext, type AppContext } from '../core/app-context';
import { AS_OFFICE, useFreshDataFolders } from '../testing/data-folders';

/**
 * 督办 feedback with the stamped scan, and 督办 to several units in one step, through the dispatcher as the window
 * calls them (request ids included). The clock is the test's.
 */

const { freshDir, track } = useFreshDataFolders('notice-files');
const TODAY = '2025-06-10';
const SCAN = Buffer.from('%PDF-1.4\n% 盖章扫描件\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');

interface Opened {
  context: AppContext;
  dir: string;
  unit(name: string): Promise<number>;
  as(name: string): Promise<Caller>;
  taskIds: number[];
}

async function open(): Promise<Opened> {
  const dir = freshDir();
  const context = track(await openAppContext({ dataDir: dir, mode: 'browser', version: 'test', today: () => TODAY, now: () => new Date('2025-06-10T02:00:00Z'), logError: () => undefined }));
  const db = context.database.db;
  const unit = async (name: string) => (await db.selectFrom('units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const as = async (name: string): Promise<Caller> => ({ kind: 'local', profile: { role: 'unit', unitId: await unit(name), person: '经办人' } });
  const tasks = await db.selectFrom('tasks').select('id').where('retired_at', 'is', null).orderBy('id').limit(2).execute();
  return { context, dir, unit, as, taskIds: tasks.map((task) => task.id) };
}

async function value<T>(context: AppContext, channel: string, input: unknown, caller: Caller): Promise<T> {
  const result = await context.dispatch(channel as never, input, caller);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

const stored = (dir: string) => readdirSync(join(dir, 'attachments'), { withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name);

describe('督办 反馈 carries the stamped scan', () => {
  it('the unit replies with its scan; the office and the unit open it, byte for byte; another unit cannot', async () => {
    const t = await open();
    const commerce = await t.unit('省商务厅');
    const { id } = await value<{ id: number }>(t.context, 'notices.issue', { taskIds: [t.taskIds[0]], unitId: commerce, level: '黄', reason: '进度滞后', requirement: '说明原因', replyDue: '2025-06-30' }, AS_OFFICE);
    const unit = await t.as('省商务厅');
    await value(t.context, 'notices.sign', { id }, unit);
    const state = await value<NoticeState>(t.context, 'notices.reply', { id, content: '已整改，盖章件附后。', attachments: [{ name: '反馈（盖章）.pdf', contentBase64: SCAN.toString('base64') }] }, unit);
    expect(state).toBe('replied');

    const detail = await value<NoticeDetail>(t.context, 'notices.get', { id }, AS_OFFICE);
    const reply = detail.steps.find((step) => step.action === '反馈')!;
    expect(reply.attachments).toEqual([{ id: expect.any(Number), name: '反馈（盖章）.pdf', size: SCAN.length }]);
    expect(detail.steps.filter((step) => step.action !== '反馈').every((step) => step.attachments.length === 0)).toBe(true);

    const fileId = reply.attachments[0]!.id;
    for (const caller of [AS_OFFICE, unit]) {
      const file = await value<FileContent>(t.context, 'notices.readAttachment', { id: fileId }, caller);
      expect(Buffer.from(file.contentBase64, 'base64').equals(SCAN)).toBe(true);
      expect(file.name).toBe('反馈（盖章）.pdf');
    }
    expect(await t.context.dispatch('notices.readAttachment', { id: fileId }, await t.as('大同市'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('发给本单位的督办单') },
    });
  });

  it('a reply refused (not yet signed) keeps no file; a hostile file name saves nothing', async () => {
    const t = await open();
    const commerce = await t.unit('省商务厅');
    const { id } = await value<{ id: number }>(t.context, 'notices.issue', { taskIds: [t.taskIds[0]], unitId: commerce, level: '蓝', reason: '进度滞后', requirement: '说明原因', replyDue: '2025-06-30' }, AS_OFFICE);
    const unit = await t.as('省商务厅');
    const scan = [{ name: '反馈.pdf', contentBase64: SCAN.toString('base64') }];
    expect(await t.context.dispatch('notices.reply', { id, content: '反馈', attachments: scan }, unit)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await value(t.context, 'notices.sign', { id }, unit);
    expect(await t.context.dispatch('notices.reply', { id, content: '反馈', attachments: [{ name: '../反馈.pdf', contentBase64: SCAN.toString('base64') }] }, unit)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(stored(t.dir)).toEqual([]);
    await value(t.context, 'notices.reply', { id, content: '反馈', attachments: scan }, unit);
    expect(stored(t.dir)).toHaveLength(1);
  });
});

describe('督办 to several units in one step', () => {
  it('issues one notice each, numbered in turn, atomically, and once for a repeated click', async () => {
    const t = await open();
    const units = [await t.unit('省商务厅'), await t.unit('大同市'), await t.unit('太原市')];
    const input = { taskIds: t.taskIds, unitIds: units, level: '红', reason: '多项任务滞后', requirement: '限期整改', replyDue: '2025-06-30' };
    const click: Caller = { ...AS_OFFICE, requestId: 'click-0002-issue-many' };
    const [first, again] = await Promise.all([t.context.dispatch('notices.issueMany', input, click), t.context.dispatch('notices.issueMany', input, click)]);
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual(first);
    const { notices } = (first as { ok: true; value: { notices: { id: number; number: string; unitId: number }[] } }).value;
    expect(notices.map((n) => [n.number, n.unitId])).toEqual([
      ['督办〔2025〕1号', units[0]],
      ['督办〔2025〕2号', units[1]],
      ['督办〔2025〕3号', units[2]],
    ]);
    // Repeated later with the same request id: still the first answer, no fourth notice.
    expect(await t.context.dispatch('notices.issueMany', input, click)).toEqual(first);
    const listed = await value<{ number: string; unitId: number; tasks: { id: number }[]; state: string }[]>(t.context, 'notices.list', {}, AS_OFFICE);
    expect(listed).toHaveLength(3);
    expect(listed.every((n) => n.tasks.map((task) => task.id).join() === t.taskIds.join() && n.state === 'issued')).toBe(true);

    // Each unit finds its own notice, and only its own.
    const datong = await value<{ number: string }[]>(t.context, 'notices.list', { unitId: units[1] }, AS_OFFICE);
    expect(datong.map((n) => n.number)).toEqual(['督办〔2025〕2号']);
  });

  it('issues none when one of the units cannot receive it, saying which', async () => {
    const t = await open();
    const commerce = await t.unit('省商务厅');
    const result = await t.context.dispatch(
      'notices.issueMany',
      { taskIds: t.taskIds, unitIds: [commerce, 999_999], level: '黄', reason: '滞后', requirement: '整改', replyDue: '2025-06-30' },
      AS_OFFICE,
    );
    expect(result).toMatchObject({ ok: false });
    expect(await value<unknown[]>(t.context, 'notices.list', {}, AS_OFFICE)).toEqual([]);
    expect(
      await t.context.dispatch('notices.issueMany', { taskIds: t.taskIds, unitIds: [commerce, commerce], level: '黄', reason: '滞后', requirement: '整改', replyDue: '2025-06-30' }, AS_OFFICE),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('重复') } });
  });
});
