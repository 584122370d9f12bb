import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedFile } from '../api/reports.types';
import type { ExchangeInfo, PackageApplyResult, PackagePreview } from '../api/exchange-packages.types';
import type { TaskDetail } from '../api/tasks.types';
import { zipWithBomb } from '../testing/zip-bomb';
import { generateKeyPairSync } from 'node:crypto';
import { MANIFEST_FILE, PAYLOAD_FILE, SIGNATURE_FILE, type Manifest, type ReportRecord } from './package-format';
import { writePackage } from './package-zip';
import { asLocal, closeInstall, openInstall, type Install } from './testing/two-installs';

/**
 * Bad packages, each refused with a Chinese message that names the package, and nothing written on the receiving
 * install: a changed byte in any file, another key, a package for another unit, a replay, packages out of order, a
 * truncated zip, a zip bomb, a newer format, a 上报包 touching a task the unit does not own. And a gap: named, applied
 * only when the office chooses, and recorded.
 */

type Pc = Install & { dir: string };
let office: Pc;
let unit: Pc;
let otherPc: Pc;
const officeCaller = asLocal({ role: 'office', person: '王五' });
let unitCaller: ReturnType<typeof asLocal>;
let datong: number;
let shuozhou: number;
let ownTask: number;
let othersTask: number;
let dispatch1: ExportedFile;
let report1: ExportedFile;
let officeFingerprint: string;
let unitFingerprint: string;

const report = (taskId: number, progress: string) => ({ taskId, status: '序时推进', percent: 20, progress, problems: '', nextSteps: '', coordination: '', attachments: [] as { name: string; contentBase64: string }[] });

beforeAll(async () => {
  office = await openInstall('office', '2024-06-20');
  unit = await openInstall('unit', '2024-06-21');
  otherPc = await openInstall('other', '2024-06-21');
  const units = await office.call<{ id: number; name: string }[]>('units.list', {});
  datong = units.find((u) => u.name === '大同市')!.id;
  shuozhou = units.find((u) => u.name === '朔州市')!.id;
  const tasks = (await office.call<{ rows: { id: number }[] }>('tasks.list', { planId: 1, limit: 2 })).rows;
  ownTask = tasks[0]!.id;
  othersTask = tasks[1]!.id;
  await office.call('tasks.assign', { taskIds: [ownTask], leadUnitId: datong }, officeCaller);
  await office.call('tasks.assign', { taskIds: [othersTask], leadUnitId: shuozhou }, officeCaller);
  officeFingerprint = (await office.call<ExchangeInfo>('exchange.info', {})).fingerprint;
  dispatch1 = await office.call<ExportedFile>('exchange.exportDispatch', { unitId: datong }, officeCaller);
  await unit.call('exchange.applyDispatch', { ...dispatch1, confirmFingerprint: officeFingerprint });
  unitCaller = asLocal({ role: 'unit', unitId: datong, person: '赵六' });
  unitFingerprint = (await unit.call<ExchangeInfo>('exchange.info', {})).fingerprint;
  unit.day = '2024-06-25';
  await unit.call('progress.submit', { ...report(ownTask, '第一次填报'), attachments: [{ name: '佐证.txt', contentBase64: Buffer.from('佐证材料').toString('base64') }] }, unitCaller);
  report1 = await unit.call<ExportedFile>('exchange.exportReport', {}, unitCaller);
  office.day = '2024-06-28';
}, 60_000);

afterAll(async () => {
  for (const pc of [office, unit, otherPc]) await closeInstall(pc);
});

/** Rewrites one file inside a package (the zip is rebuilt; nothing else changes). */
async function repack(file: ExportedFile, name: string, edit: (bytes: Buffer) => Buffer): Promise<ExportedFile> {
  const zip = await JSZip.loadAsync(Buffer.from(file.contentBase64, 'base64'));
  const entry = zip.file(name);
  if (!entry) throw new Error(`no ${name}`);
  zip.file(name, edit(await entry.async('nodebuffer')), { createFolders: false });
  return { fileName: file.fileName, contentBase64: (await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })).toString('base64') };
}
const flipOneByte = (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  const at = Math.floor(copy.length / 2);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
};

/** The office refuses the package, names it, and its data stays exactly as it was. */
async function officeRefuses(file: ExportedFile, expected: RegExp, channels: readonly string[] = ['exchange.previewReport', 'exchange.applyReport']) {
  const before = office.changes();
  for (const channel of channels) {
    const payload = channel === 'exchange.applyReport' ? { ...file, confirmFingerprint: unitFingerprint } : file;
    const error = await office.refused(channel, payload, officeCaller);
    expect(error.message, channel).toMatch(expected);
    expect(error.message, channel).toMatch(/[\u4e00-\u9fff]/u);
  }
  expect(office.changes()).toBe(before);
}

async function unitPackage(records: ReportRecord[], sequence: { from: number; to: number }): Promise<ExportedFile> {
  const row = unit.context.database.sqlite.prepare('SELECT install_id, public_key, private_key, office_install_id FROM exchange_install').get() as Record<string, string>;
  const manifest: Omit<Manifest, 'files'> = {
    format: 'plan-desk-exchange',
    formatVersion: 1,
    schemaVersion: 1,
    kind: 'report',
    createdAt: '2024-06-27T02:00:00.000Z',
    sender: { installId: row.install_id!, role: 'unit', unitId: datong, unitName: '大同市', publicKey: row.public_key! },
    receiver: { installId: row.office_install_id!, role: 'office', unitId: 1, unitName: '领导小组办公室' },
    sequence,
    acknowledged: 1,
  };
  const { bytes } = await writePackage({ manifest, records, attachments: new Map() }, row.private_key!);
  return { fileName: `大同市-上报包-第${sequence.to}号-手工.zip`, contentBase64: bytes.toString('base64') };
}

describe('a changed byte anywhere is refused, nothing written', () => {
  it.each([PAYLOAD_FILE, MANIFEST_FILE, SIGNATURE_FILE])('one byte of %s changed', async (name) => {
    await officeRefuses(await repack(report1, name, flipOneByte), /上报包“大同市-上报包-第1号-2024-06-25\.zip”未导入：.*(签名校验不通过|校验值不符|不是有效的 JSON)/u);
  });

  it('one digit of the manifest changed, still valid JSON: the signature no longer holds', async () => {
    // The year's last digit: the time of day is the machine's (clockOnDate), so the UTC day may be the 24th or the 25th.
    const edited = await repack(report1, MANIFEST_FILE, (bytes) => {
      const text = bytes.toString('utf8');
      const changed = text.replace('"createdAt": "2024-', '"createdAt": "2023-');
      expect(changed).not.toBe(text);
      return Buffer.from(changed);
    });
    await officeRefuses(edited, /签名校验不通过：清单在生成后被改动过/u);
  });

  it('one byte of an attachment changed', async () => {
    const zip = await JSZip.loadAsync(Buffer.from(report1.contentBase64, 'base64'));
    const attachment = Object.keys(zip.files).find((name) => name.startsWith('attachments/'))!;
    await officeRefuses(await repack(report1, attachment, flipOneByte), /“attachments\/[0-9a-f]{64}”的内容与清单记载的校验值不符/u);
  });

  it('one byte of a file’s data changed in the zip as sent (stored or compressed), or the zip cut short', async () => {
    const bytes = Buffer.from(report1.contentBase64, 'base64');
    const stored = bytes.indexOf(Buffer.from('佐证材料'));
    const payloadHeader = bytes.indexOf(Buffer.from(PAYLOAD_FILE)) + PAYLOAD_FILE.length;
    expect(stored).toBeGreaterThan(0);
    for (const at of [stored + 2, payloadHeader + 8]) {
      const copy = Buffer.from(bytes);
      copy[at] = copy[at]! ^ 0x20;
      await officeRefuses({ ...report1, contentBase64: copy.toString('base64') }, /未导入：.*(校验值不符|已损坏|不完整)/u);
    }
    await officeRefuses({ ...report1, contentBase64: bytes.subarray(0, Math.floor(bytes.length * 0.7)).toString('base64') }, /文件不完整/u);
  });

  it('a zip bomb: a payload that inflates far beyond what the manifest says, or declares its size honestly', async () => {
    const bytes = Buffer.from(report1.contentBase64, 'base64');
    const lying = await zipWithBomb(bytes, { name: PAYLOAD_FILE, inflatedMb: 400, declaredBytes: 500 });
    await officeRefuses({ ...report1, contentBase64: lying.toString('base64') }, /解压后超过 200 MB 的上限/u);
    const honest = await zipWithBomb(bytes, { name: PAYLOAD_FILE, inflatedMb: 400 });
    await officeRefuses({ ...report1, contentBase64: honest.toString('base64') }, /解压后超过 200 MB 的上限/u);
  });

  it('a newer format is refused, naming the version it needs', async () => {
    const newer = await repack(report1, MANIFEST_FILE, (bytes) => Buffer.from(bytes.toString('utf8').replace('"formatVersion": 1', '"formatVersion": 2')));
    await officeRefuses(newer, /格式版本为 2，本程序只能读取格式版本 1。请把规划督办台升级到能读取格式版本 2 的版本/u);
    const newerSchema = await repack(report1, MANIFEST_FILE, (bytes) => Buffer.from(bytes.toString('utf8').replace('"schemaVersion": 1', '"schemaVersion": 3')));
    await officeRefuses(newerSchema, /数据结构版本为 3/u);
  });
});

describe('who sent it, to whom, and about what', () => {
  it('a manifest re-signed with another key under the unit’s name is refused once the unit’s key is trusted', async () => {
    // First the real package, confirmed: from now on only the unit's key is accepted.
    await office.call('exchange.applyReport', { ...report1, confirmFingerprint: unitFingerprint }, officeCaller);
    const forger = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } });
    const row = unit.context.database.sqlite.prepare('SELECT install_id, office_install_id FROM exchange_install').get() as Record<string, string>;
    const { bytes } = await writePackage(
      {
        manifest: {
          format: 'plan-desk-exchange',
          formatVersion: 1,
          schemaVersion: 1,
          kind: 'report',
          createdAt: '2024-06-27T02:00:00.000Z',
          sender: { installId: row.install_id!, role: 'unit', unitId: datong, unitName: '大同市', publicKey: forger.publicKey.toString('base64') },
          receiver: { installId: row.office_install_id!, role: 'office', unitId: 1, unitName: '领导小组办公室' },
          sequence: { from: 2, to: 2 },
          acknowledged: 1,
        },
        records: [],
        attachments: new Map(),
      },
      forger.privateKey.toString('base64'),
    );
    await officeRefuses({ fileName: '伪造.zip', contentBase64: bytes.toString('base64') }, /不是本机此前确认的“大同市”的密钥/u);
  });

  it('another PC that took the same 下发包 is refused: one install per unit', async () => {
    const otherFingerprint = (await otherPc.call<ExchangeInfo>('exchange.info', {})).fingerprint;
    await otherPc.call('exchange.applyDispatch', { ...dispatch1, confirmFingerprint: officeFingerprint });
    await otherPc.call('progress.submit', report(ownTask, '另一台电脑'), unitCaller);
    const fromOther = await otherPc.call<ExportedFile>('exchange.exportReport', {}, unitCaller);
    const before = office.changes();
    const error = await office.refused('exchange.applyReport', { ...fromOther, confirmFingerprint: otherFingerprint }, officeCaller);
    expect(error.message).toMatch(/签名密钥（指纹 .*）不是本机此前确认的“大同市”的密钥/u);
    expect(office.changes()).toBe(before);
  });

  it('a 下发包 for another unit, or for another PC, is refused on the unit’s PC', async () => {
    const forShuozhou = await office.call<ExportedFile>('exchange.exportDispatch', { unitId: shuozhou }, officeCaller);
    const before = unit.changes();
    expect((await unit.refused('exchange.applyDispatch', forShuozhou)).message).toMatch(/它是发给“朔州市”的，本机是“大同市”的填报机/u);
    // The office now knows 大同市's install: its next 下发包 is addressed to that PC only.
    const forDatong = await office.call<ExportedFile>('exchange.exportDispatch', { unitId: datong }, officeCaller);
    expect((await otherPc.refused('exchange.applyDispatch', forDatong)).message).toMatch(/不是发给本机的/u);
    expect(unit.changes()).toBe(before);
    await unit.call('exchange.applyDispatch', forDatong);
    // A replay of the first 下发包 after the newer one changes nothing.
    const settled = unit.changes();
    expect(await unit.call<PackagePreview>('exchange.previewDispatch', dispatch1)).toMatchObject({ stale: expect.stringContaining('比已导入的第') });
    expect(await unit.call<PackageApplyResult>('exchange.applyDispatch', dispatch1)).toMatchObject({ unchanged: true });
    expect(unit.changes()).toBe(settled);
  });

  it('a 上报包 touching a task the unit does not own is refused as a whole', async () => {
    const forged = await unitPackage(
      [
        { type: 'report', id: 900, task_id: othersTask, round_id: null, reporter: '大同市（赵六）', status: '序时推进', percent: 50, progress: '越权填报', problems: '', next_steps: '', coordination: '', report_date: '2024-06-26', created_at: '2024-06-26T02:00:00.000Z', attachments: [] },
      ],
      { from: 2, to: 2 },
    );
    const code = (await office.call<TaskDetail>('tasks.get', { id: othersTask })).code;
    await officeRefuses(forged, new RegExp(`涉及任务 ${code.replace(/\./gu, '\\.')}，它不是“大同市”牵头或配合的任务`, 'u'));
  });
});

describe('order: reordering, replays and gaps', () => {
  it('packages applied out of order: the newer one carries the older one’s content, the older one then changes nothing', async () => {
    unit.day = '2024-06-26';
    await unit.call('progress.submit', report(ownTask, '第二次填报'), unitCaller);
    const second = await unit.call<ExportedFile>('exchange.exportReport', {}, unitCaller);
    await unit.call('progress.submit', report(ownTask, '第三次填报'), unitCaller);
    const third = await unit.call<ExportedFile>('exchange.exportReport', {}, unitCaller);
    const preview = await office.call<PackagePreview>('exchange.previewReport', third, officeCaller);
    expect(preview).toMatchObject({ seq: 3, seqFrom: 2, gap: null });
    expect(preview.lines.filter((l) => l.what === '进展').map((l) => l.action)).toEqual(['new', 'new']);
    await office.call('exchange.applyReport', third, officeCaller);
    const before = office.changes();
    expect(await office.call<PackagePreview>('exchange.previewReport', second, officeCaller)).toMatchObject({ stale: '第 2 号上报包比已导入的第 3 号旧，导入它不会改动任何数据。' });
    expect(await office.call<PackageApplyResult>('exchange.applyReport', second, officeCaller)).toMatchObject({ unchanged: true });
    expect(office.changes()).toBe(before);
    const progress = (await office.call<TaskDetail>('tasks.get', { id: ownTask })).reports.map((r) => r.progress);
    expect(progress).toEqual(['第三次填报', '第二次填报', '第一次填报']);
  });

  it('a package after a missing one names the gap, is applied only when the office chooses, and the gap is recorded', async () => {
    const afterGap = await unitPackage([], { from: 6, to: 6 });
    const preview = await office.call<PackagePreview>('exchange.previewReport', afterGap, officeCaller);
    expect(preview.gap).toBe('缺少第 4–5 号上报包（本包从第 6 号起）');
    await officeRefuses(afterGap, /缺少第 4–5 号上报包.*如确认不再补，可选择“仍然导入”/u, ['exchange.applyReport']);
    await office.call('exchange.applyReport', { ...afterGap, acceptGap: true }, officeCaller);
    const info = await office.call<ExchangeInfo>('exchange.info', {});
    expect(info.recent[0]).toMatchObject({ direction: 'received', kind: 'report', seq: 6, gap: '缺少第 4–5 号上报包（本包从第 6 号起）' });
  });
});

describe('a unit’s PC answers to one office', () => {
  it('a 下发包 from another office install (a new database, another key) is refused on a bound PC, nothing written', async () => {
    const otherOffice = await openInstall('other-office', '2024-06-21');
    try {
      const file = await otherOffice.call<ExportedFile>('exchange.exportDispatch', { unitId: datong }, officeCaller);
      const before = unit.changes();
      for (const channel of ['exchange.previewDispatch', 'exchange.applyDispatch']) {
        expect((await unit.refused(channel, file)).message).toMatch(/不是由本机所属的领导小组办公室那台电脑发出的/u);
      }
      expect(unit.changes()).toBe(before);
    } finally {
      await closeInstall(otherOffice);
    }
  });
});
