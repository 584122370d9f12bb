import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedFile } from '../api/reports.types';
import type { ExchangeInfo, PackageApplyResult, PackagePreview } from '../api/exchange-packages.types';
import type { NoticeDetail } from '../api/notices.types';
import type { RoundDetail } from '../api/rounds.types';
import type { TaskDetail } from '../api/tasks.types';
import { editTemplate } from '../exchange/testing/template-edit';
import { boundUnitOf, officeSeatRefusal } from './bound-install';
import { asLocal, closeInstall, openInstall, type Install } from './testing/two-installs';

/**
 * The whole exchange between two installs with separate data folders, through the dispatcher only: the office sends
 * 大同市 its work, 大同市 reports offline on its own PC (with an attachment, a milestone tick, 签收 and 反馈), sends
 * its 上报包 back, the office applies it and sees the unit 已报 with the unit's own report dates; then the office moves
 * a deadline and sends again, and the unit's earlier work is all still there.
 */

type Pc = Install & { dir: string };
let office: Pc;
let unit: Pc;
const officeCaller = asLocal({ role: 'office', person: '王五' });
let unitCaller: ReturnType<typeof asLocal>;
let datong: number;
let taskA: number;
let taskB: number;
let taskC: number;
let roundId: number;
let noticeId: number;
let milestoneId: number;
let dispatch1: ExportedFile;
let report1: ExportedFile;
const evidence = Buffer.from('%PDF-1.4 大同市 佐证材料 第一季度会议纪要', 'utf8');
const replyScan = Buffer.from('%PDF-1.4 大同市 督办反馈 盖章件', 'utf8');

beforeAll(async () => {
  office = await openInstall('office', '2024-06-20');
  unit = await openInstall('unit', '2024-06-21');
  const units = await office.call<{ id: number; name: string }[]>('units.list', {});
  datong = units.find((u) => u.name === '大同市')!.id;
  const tasks = await office.call<{ rows: { id: number; code: string }[] }>('tasks.list', { planId: 1, limit: 20 });
  [taskA, taskB, taskC] = tasks.rows.slice(0, 3).map((t) => t.id) as [number, number, number];
  await office.call('tasks.assign', { taskIds: [taskA, taskB], leadUnitId: datong, deadline: '2025-06-30', milestones: [{ year: 2024, title: '完成对接方案', dueDate: '2024-12-31' }] }, officeCaller);
  const cooperating = units.find((u) => u.name === '朔州市')!.id;
  await office.call('tasks.assign', { taskIds: [taskC], leadUnitId: cooperating, cooperatorUnitIds: [datong] }, officeCaller);
  roundId = (await office.call<{ id: number }>('rounds.open', { planId: 1, name: '2024年第二季度调度', periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-07-05', unitIds: [datong] }, officeCaller)).id;
  noticeId = (await office.call<{ id: number }>('notices.issue', { taskIds: [taskA], unitId: datong, level: '黄', reason: '进度滞后', requirement: '说明原因并提出措施', replyDue: '2024-07-15' }, officeCaller)).id;
  milestoneId = (await office.call<TaskDetail>('tasks.get', { id: taskA })).milestones[0]!.id;
  unitCaller = asLocal({ role: 'unit', unitId: datong, person: '赵六' });
}, 60_000);

afterAll(async () => {
  await closeInstall(office);
  await closeInstall(unit);
});

describe('下发 → offline reports → 上报 → the office applies → re-send', () => {
  it('the office exports 大同市’s 下发包; a new install offers it, shows the office’s fingerprint and takes it only once confirmed', async () => {
    dispatch1 = await office.call<ExportedFile>('exchange.exportDispatch', { unitId: datong }, officeCaller);
    expect(dispatch1.fileName).toBe('大同市-下发包-第1号-2024-06-20.zip');
    const officeInfo = await office.call<ExchangeInfo>('exchange.info', {});
    expect(officeInfo.fingerprint).toMatch(/^\d{5}( \d{5}){7}$/u);

    expect(await unit.call<ExchangeInfo>('exchange.info', {})).toMatchObject({ fresh: true, boundUnit: null });
    const preview = await unit.call<PackagePreview>('exchange.previewDispatch', dispatch1);
    expect(preview).toMatchObject({ kind: 'dispatch', unitName: '大同市', seq: 1, needsTrust: true, stale: null, sender: { role: 'office', fingerprint: officeInfo.fingerprint } });
    expect(preview.lines.filter((l) => l.what === '任务').map((l) => l.action)).toEqual(['new', 'new', 'new']);

    const before = unit.changes();
    expect(await unit.refused('exchange.applyDispatch', dispatch1)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`电话核对密钥指纹 ${officeInfo.fingerprint}`) });
    expect(unit.changes()).toBe(before);
    const applied = await unit.call<PackageApplyResult>('exchange.applyDispatch', { ...dispatch1, confirmFingerprint: officeInfo.fingerprint });
    expect(applied).toMatchObject({ unchanged: false, written: { tasks: 3, rounds: 1, notices: 1 } });
    expect(await unit.call<ExchangeInfo>('exchange.info', {})).toMatchObject({ fresh: false, boundUnit: { id: datong, name: '大同市' }, peers: [{ role: 'office', fingerprint: officeInfo.fingerprint }] });
  });

  it('the unit’s 我的任务 holds exactly its lead and cooperating tasks with the office’s deadline, its round and its notice', async () => {
    const mine = await unit.call<{ rows: { id: number; deadline: string | null }[] }>('tasks.list', { planId: 1, limit: 50, unitId: datong });
    expect(mine.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([taskA, taskB, taskC].sort((a, b) => a - b));
    expect((await unit.call<TaskDetail>('tasks.get', { id: taskA })).deadline).toBe('2025-06-30');
    const round = await unit.call<RoundDetail>('rounds.get', { id: roundId });
    expect(round).toMatchObject({ name: '2024年第二季度调度', dueDate: '2024-07-05', state: 'open' });
    expect(await unit.call<{ number: string }>('notices.get', { id: noticeId })).toMatchObject({ state: 'issued' });
  });

  it('the unit reports offline: an attachment, a tick, 签收 and 反馈; one report on time, one late, by its own dates', async () => {
    unit.day = '2024-07-03';
    await unit.call('progress.submit', { taskId: taskA, status: '序时推进', percent: 40, progress: '完成对接方案初稿', problems: '', nextSteps: '报审', coordination: '', attachments: [{ name: '会议纪要.pdf', contentBase64: evidence.toString('base64') }] }, unitCaller);
    await unit.call('milestones.setDone', { milestoneId, done: true }, unitCaller);
    await unit.call('notices.sign', { id: noticeId }, unitCaller);
    unit.day = '2024-07-08';
    await unit.call('progress.submit', { taskId: taskB, status: '滞后', percent: 10, progress: '前期手续办理中', problems: '用地指标不足', nextSteps: '', coordination: '', attachments: [] }, unitCaller);
    await unit.call('progress.submit', { taskId: taskC, status: '序时推进', percent: 30, progress: '配合开展调研', problems: '', nextSteps: '', coordination: '', attachments: [] }, unitCaller);
    await unit.call('notices.reply', { id: noticeId, content: '已制定整改措施，7月底前完成', attachments: [{ name: '整改措施（盖章）.pdf', contentBase64: replyScan.toString('base64') }] }, unitCaller);
    report1 = await unit.call<ExportedFile>('exchange.exportReport', {}, unitCaller);
    expect(report1.fileName).toBe('大同市-上报包-第1号-2024-07-08.zip');
  });

  it('the office previews the 上报包 per task, confirms the unit’s fingerprint and applies it: the round shows 大同市 已报 with the unit’s dates', async () => {
    // Meanwhile the office entered 大同市's Excel template for task B (the unit sent one too): one history, both kept.
    office.day = '2024-07-04';
    const codeB = (await office.call<TaskDetail>('tasks.get', { id: taskB })).code;
    const template = await office.call<ExportedFile>('templates.export', { planId: 1, unitId: datong, roundId }, officeCaller);
    const filled = await editTemplate(Buffer.from(template.contentBase64, 'base64'), { [codeB]: { status: '滞后', percent: 5, progress: '电话报送：手续办理中' } }, { filledOn: '2024-07-04' });
    await office.call('templates.apply', { fileName: '大同市进展填报.xlsx', contentBase64: filled.toString('base64'), overrideConflicts: [] }, officeCaller);
    office.day = '2024-07-10';
    const unitInfo = await unit.call<ExchangeInfo>('exchange.info', {});
    const preview = await office.call<PackagePreview>('exchange.previewReport', report1, officeCaller);
    expect(preview).toMatchObject({ kind: 'report', unitName: '大同市', seq: 1, seqFrom: 1, needsTrust: true, gap: null, stale: null, sender: { fingerprint: unitInfo.fingerprint } });
    expect(preview.counts).toMatchObject({ new: 4, conflict: 1, blocked: 0 });
    expect(preview.lines.filter((l) => l.what === '进展').map((l) => [l.action, l.note])).toEqual([
      ['new', expect.stringContaining('单位填报日期 2024-07-03；附件 1 个')],
      ['conflict', expect.stringContaining('本期已从 Excel 模板“大同市进展填报.xlsx”导入过这项任务的进展（填报日期 2024-07-04）')],
      ['new', expect.stringContaining('单位填报日期 2024-07-08')],
    ]);

    const applied = await office.call<PackageApplyResult>('exchange.applyReport', { ...report1, confirmFingerprint: unitInfo.fingerprint }, officeCaller);
    expect(applied).toMatchObject({ unchanged: false, written: { reports: 3, attachments: 2, milestones: 1, noticeSteps: 2 } });

    const round = await office.call<RoundDetail>('rounds.get', { id: roundId });
    expect(round.units).toEqual([expect.objectContaining({ unitName: '大同市', status: '已报', expected: 2, reported: 2, late: 1 })]);
    const byTask = new Map(round.tasks.map((t) => [t.taskId, t]));
    expect(byTask.get(taskA)).toMatchObject({ reported: true, reportDate: '2024-07-03', reportedLate: false, percent: 40 });
    expect(byTask.get(taskB)).toMatchObject({ reported: true, reportDate: '2024-07-08', reportedLate: true });
    expect((await office.call<TaskDetail>('tasks.get', { id: taskB })).reports.map((r) => r.progress)).toEqual(['前期手续办理中', '电话报送：手续办理中']);

    const detail = await office.call<TaskDetail>('tasks.get', { id: taskA });
    expect(detail.milestones[0]).toMatchObject({ doneBy: '大同市（赵六）' });
    expect(detail.reports[0]).toMatchObject({ unitName: '大同市', source: 'import', attachments: [expect.objectContaining({ originalName: '会议纪要.pdf' })] });
    const file = await office.call<{ contentBase64: string }>('attachments.read', { id: detail.reports[0]!.attachments[0]!.id });
    expect(Buffer.from(file.contentBase64, 'base64').equals(evidence)).toBe(true);
    expect(await office.call<{ state: string }>('notices.get', { id: noticeId })).toMatchObject({ state: 'replied' });
    // The 反馈's stamped scan came with it.
    const reply = (await office.call<NoticeDetail>('notices.get', { id: noticeId })).steps.find((step) => step.action === '反馈')!;
    expect(reply.attachments.map((f) => f.name)).toEqual(['整改措施（盖章）.pdf']);
    const scan = await office.call<{ contentBase64: string }>('notices.readAttachment', { id: reply.attachments[0]!.id });
    expect(Buffer.from(scan.contentBase64, 'base64').equals(replyScan)).toBe(true);
  });

  it('the same 上报包 again changes nothing', async () => {
    const before = office.changes();
    expect(await office.call<PackagePreview>('exchange.previewReport', report1, officeCaller)).toMatchObject({ stale: expect.stringContaining('此前已导入') });
    expect(await office.call<PackageApplyResult>('exchange.applyReport', report1, officeCaller)).toMatchObject({ unchanged: true });
    expect(office.changes()).toBe(before);
  });

  it('the office moves a deadline, sends 下发包 2 (acknowledging 上报包 1); the unit takes it and keeps every report of its own', async () => {
    await office.call('tasks.update', { id: taskA, deadline: '2025-03-31' }, officeCaller);
    await office.call('notices.review', { id: noticeId, accept: false, comment: '措施不具体，请补充时间表' }, officeCaller);
    const dispatch2 = await office.call<ExportedFile>('exchange.exportDispatch', { unitId: datong }, officeCaller);
    const preview = await unit.call<PackagePreview>('exchange.previewDispatch', dispatch2);
    expect(preview).toMatchObject({ seq: 2, needsTrust: false });
    const codeA = (await unit.call<TaskDetail>('tasks.get', { id: taskA })).code;
    expect(preview.lines.find((l) => l.subject.startsWith(`${codeA} `))).toMatchObject({ action: 'update', note: expect.stringContaining('原为 2025-06-30') });
    await unit.call('exchange.applyDispatch', dispatch2);

    const a = await unit.call<TaskDetail>('tasks.get', { id: taskA });
    expect(a.deadline).toBe('2025-03-31');
    expect(a.reports).toHaveLength(1);
    expect(a.reports[0]).toMatchObject({ progress: '完成对接方案初稿', attachments: [expect.objectContaining({ originalName: '会议纪要.pdf' })] });
    expect(a.milestones[0]).toMatchObject({ doneBy: '大同市（赵六）' });
    expect((await unit.call<TaskDetail>('tasks.get', { id: taskB })).reports).toHaveLength(1);
    expect(a.status).toBe('序时推进');
    // The office's 退回 arrives: the unit can answer again.
    expect(await unit.call<{ state: string }>('notices.get', { id: noticeId })).toMatchObject({ state: 'returned' });
    unit.day = '2024-07-12';
    await unit.call('notices.reply', { id: noticeId, content: '补充时间表：7月20日前完成' }, unitCaller);

    // Only what came after the acknowledged 上报包 travels: the new 反馈 and the ticks as they stand, no report again.
    const report2 = await unit.call<ExportedFile>('exchange.exportReport', {}, unitCaller);
    const preview2 = await office.call<PackagePreview>('exchange.previewReport', report2, officeCaller);
    expect(preview2).toMatchObject({ seq: 2, seqFrom: 2, gap: null, needsTrust: false });
    expect(preview2.lines.filter((l) => l.what === '进展')).toEqual([]);
    expect(preview2.lines.filter((l) => l.what === '督办' && l.action === 'new')).toHaveLength(1);
    await office.call('exchange.applyReport', report2, officeCaller);
    expect(await office.call<{ state: string }>('notices.get', { id: noticeId })).toMatchObject({ state: 'replied' });
  });
});

describe('the unit’s PC is that unit’s', () => {
  it('knows whose it is; the office’s install is nobody’s', async () => {
    expect(await boundUnitOf(unit.context.database.db)).toEqual({ id: datong, name: '大同市' });
    expect(await boundUnitOf(office.context.database.db)).toBeNull();
    expect(officeSeatRefusal('大同市').message).toContain('本机是“大同市”的填报机（由下发包建立）');
  });

  it('refuses, on the server side, acting there as the office or another unit; the office’s own PC is unaffected', async () => {
    const refused = { ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining('本机是“大同市”的填报机') } };
    const thresholds = { yellowLag: 5, redLag: 50, dueSoonDays: 10, notStartedMonths: 2 };
    expect(await unit.context.dispatch('warnings.setThresholds', thresholds, officeCaller)).toMatchObject(refused);
    const units = await office.call<{ id: number; name: string }[]>('units.list', {});
    const taiyuan = units.find((u) => u.name === '太原市')!.id;
    expect(await unit.context.dispatch('identity.get', {}, { kind: 'local', profile: { role: 'unit', unitId: taiyuan, person: '' } })).toMatchObject(refused);
    expect(await unit.context.dispatch('identity.get', {}, { kind: 'local', profile: { role: 'unit', unitId: datong, person: '赵六' } })).toMatchObject({
      ok: true,
      value: { unitName: '大同市' },
    });
    expect((await office.context.dispatch('warnings.getThresholds', {}, officeCaller)).ok).toBe(true);
  });
});
