import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { assignTasks } from '../tasks/task-assign.service';
import { getTaskDetail } from '../tasks/task-query';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { readAttachment, submitReport, type ReportInput } from './progress.service';

let t: SeededDatabase;
let taskId: number;
beforeEach(async () => {
  t = await createSeededDatabase();
  taskId = await t.taskId('4.1.1.1');
  await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('省商务厅'), cooperatorUnitIds: [await t.unitId('太原市')], deadline: '2027-12-31' });
});
afterEach(() => t.dispose());

const report = (overrides: Partial<ReportInput> = {}): ReportInput => ({
  taskId,
  status: '序时推进',
  percent: 60,
  progress: '已与长三角三省一市对接装备制造项目 12 个。',
  problems: '',
  nextSteps: '推动签约落地。',
  coordination: '',
  attachments: [],
  ...overrides,
});
const today = '2024-06-30';
const attachmentFiles = () => {
  try {
    return readdirSync(join(t.dir, 'attachments'));
  } catch {
    return [];
  }
};
const snapshot = async () => ({
  reports: await t.db.selectFrom('progress_reports').selectAll().execute(),
  task: await t.db.selectFrom('tasks').select(['status', 'percent', 'last_report_at']).where('id', '=', taskId).executeTakeFirstOrThrow(),
  files: attachmentFiles(),
});

describe('progress reports', () => {
  it('adds a history entry for every report, never overwriting, and updates the task and its light', async () => {
    const lead = await t.actorFor('省商务厅');
    const before = await getTaskDetail(t.db, taskId, today, DEFAULT_WARNING_THRESHOLDS);
    expect([before.status, before.light]).toEqual(['未启动', 'red']);

    await submitReport(t.db, t.files, lead, report({ percent: 30, status: '滞后' }));
    await submitReport(t.db, t.files, await t.actorFor('太原市'), report({ percent: 55 }));
    const detail = await getTaskDetail(t.db, taskId, today, DEFAULT_WARNING_THRESHOLDS);
    expect(detail.reports.map((r) => [r.unitName, r.percent, r.source])).toEqual([
      ['太原市', 55, 'manual'],
      ['省商务厅', 30, 'manual'],
    ]);
    expect([detail.status, detail.percent, detail.light]).toEqual(['序时推进', 55, 'green']);
    expect(detail.events.filter((e) => e.kind === 'reported')).toHaveLength(2);
  });

  it('keeps attachments under generated names inside the data folder and gives them back by id', async () => {
    const content = Buffer.from('佐证材料：签约协议扫描件');
    const { reportId } = await submitReport(t.db, t.files, await t.actorFor('省商务厅'), report({ attachments: [{ name: '签约协议.pdf', contentBase64: content.toString('base64') }] }));
    const [stored] = attachmentFiles();
    expect(stored).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    const detail = await getTaskDetail(t.db, taskId, today, DEFAULT_WARNING_THRESHOLDS);
    const attachment = detail.reports.find((r) => r.id === reportId)!.attachments[0]!;
    expect(attachment).toMatchObject({ originalName: '签约协议.pdf', size: content.length });
    expect(Buffer.from((await readAttachment(t.db, t.files, attachment.id)).contentBase64, 'base64').toString()).toBe('佐证材料：签约协议扫描件');
  });

  const badReports: [string, Partial<ReportInput>, RegExp][] = [
    ['percent above 100', { percent: 101 }, /0 到 100 之间的整数/],
    ['percent below 0', { percent: -5 }, /0 到 100 之间的整数/],
    ['fractional percent', { percent: 50.5 }, /整数/],
    ['已完成 without a note', { status: '已完成', percent: 100, progress: '   ' }, /必须在“本期进展情况”中写明/],
    ['已完成 below 100%', { status: '已完成', percent: 90 }, /应为 100%/],
    ['an attachment over the limit', { attachments: [{ name: '大文件.pdf', contentBase64: Buffer.alloc(11 * 1024 * 1024).toString('base64') }] }, /超过单个附件 10 MB 的上限/],
    ['a path as attachment name', { attachments: [{ name: '../../etc/passwd', contentBase64: 'QQ==' }] }, /不能包含路径/],
    ['a Windows device name', { attachments: [{ name: 'CON.txt', contentBase64: 'QQ==' }] }, /不可用/],
    ['a control character in the name', { attachments: [{ name: 'a\u0000b.pdf', contentBase64: 'QQ==' }] }, /控制字符/],
    [
      'a good attachment followed by a hostile one',
      { attachments: [{ name: '正常.pdf', contentBase64: 'QQ==' }, { name: 'x/y.pdf', contentBase64: 'QQ==' }] },
      /不能包含路径/,
    ],
  ];
  for (const [name, overrides, message] of badReports) {
    it(`refuses ${name} with a Chinese message and writes nothing`, async () => {
      const before = await snapshot();
      await expect(submitReport(t.db, t.files, await t.actorFor('省商务厅'), report(overrides))).rejects.toThrow(message);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('refuses a report from a unit that neither leads nor cooperates', async () => {
    await expect(submitReport(t.db, t.files, await t.actorFor('运城市'), report())).rejects.toThrow(/不是该任务的牵头或配合单位/);
  });

  it('removes stored files again when the report cannot be written', async () => {
    await t.db.updateTable('tasks').set({ retired_at: '2024-01-01T00:00:00Z' }).where('id', '=', taskId).execute();
    await expect(
      submitReport(t.db, t.files, await t.actorFor('省商务厅'), report({ attachments: [{ name: '材料.pdf', contentBase64: 'QQ==' }] })),
    ).rejects.toThrow(/已撤销/);
    expect(attachmentFiles()).toEqual([]);
  });
});
