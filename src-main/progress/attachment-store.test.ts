import * as fs from 'node:fs';
import type * as NodeFs from 'node:fs';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAppContext } from '../core/app-context';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { AttachmentStore, ORPHAN_GRACE_MS, sha256Of } from './attachment-store';
import { AttachmentWriter, sharedAttachmentWriter } from './attachment-writer';
import { readAttachment, submitReport, type ReportInput } from './progress.service';

// Records the file-system calls a write makes, to prove the order: file fsynced, renamed, folder fsynced, then committed.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof NodeFs>();
  return { ...real, fsync: vi.fn(real.fsync), rename: vi.fn(real.rename) };
});

const realFs = await vi.importActual<typeof NodeFs>('node:fs');
let t: SeededDatabase;
let taskId: number;
beforeEach(async () => {
  t = await createSeededDatabase();
  taskId = await t.taskId('4.1.1.1');
  await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('省商务厅'), cooperatorUnitIds: [], deadline: '2027-12-31' });
  // Each test counts the thread-pool steps of its own writes.
  vi.mocked(fs.fsync).mockClear();
  vi.mocked(fs.rename).mockClear();
});
afterEach(() => t.dispose());

const report = (attachments: ReportInput['attachments']): ReportInput => ({
  taskId,
  status: '序时推进',
  percent: 60,
  progress: '已对接项目 12 个。',
  problems: '',
  nextSteps: '',
  coordination: '',
  attachments,
});
const pdf = Buffer.from('%PDF-1.4 会议纪要');
const attachmentsDir = () => join(t.dir, 'attachments');

describe('attachments on disk', () => {
  it('are written by the writer thread as one job — written, fsynced, renamed, folder fsynced — before the report is committed, with no thread-pool step on the main thread', async () => {
    const lead = await t.actorFor('省商务厅');
    const rows = () => (t.sqlite.prepare('SELECT count(*) AS n FROM attachments').get() as { n: number }).n;
    const writer = sharedAttachmentWriter();
    const realWrite = writer.write.bind(writer);
    const answered: string[] = [];
    const write = vi.spyOn(writer, 'write').mockImplementation(async (...args) => {
      const written = await realWrite(...args);
      answered.push(`${written?.steps.join(', ')}; rows ${rows()}`);
      return written;
    });
    try {
      await submitReport(t.db, t.files, lead, report([{ name: '纪要.pdf', contentBase64: pdf.toString('base64') }]));
    } finally {
      write.mockRestore();
    }
    expect(answered).toEqual(['write, fsync file, rename, fsync folder; rows 0']);
    expect(vi.mocked(fs.fsync)).not.toHaveBeenCalled();
    expect(vi.mocked(fs.rename)).not.toHaveBeenCalled();
    expect(rows()).toBe(1);
    const stored = await t.db.selectFrom('attachments').select(['stored_name', 'sha256']).executeTakeFirstOrThrow();
    expect(realFs.readFileSync(join(attachmentsDir(), stored.stored_name))).toEqual(pdf);
    expect(stored.sha256).toBe(sha256Of(pdf));
    expect(readdirSync(attachmentsDir()).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('files that arrive together share one folder fsync, each answered after it, every file intact', async () => {
    const writer = new AttachmentWriter();
    const dir = join(t.dir, 'together');
    const contents = Array.from({ length: 8 }, (_, i) => Buffer.from(`%PDF-1.4 第 ${i} 份佐证材料 ${'x'.repeat(i * 1000)}`));
    try {
      const written = await Promise.all(contents.map((content, i) => writer.write(dir, `0b6a1c2e-000${i}-4a4a-9a9a-0123456789ab.pdf`, content)));
      expect(written.every((file) => file?.steps.join(', ') === 'write, fsync file, rename, fsync folder')).toBe(true);
      expect(Math.max(...written.map((file) => file!.batch))).toBeGreaterThan(1);
      contents.forEach((content, i) => {
        expect(realFs.readFileSync(join(dir, `0b6a1c2e-000${i}-4a4a-9a9a-0123456789ab.pdf`))).toEqual(content);
        expect(written[i]!.sha256).toBe(sha256Of(content));
      });
      expect(readdirSync(dir)).toHaveLength(8);
    } finally {
      await writer.close();
    }
  });

  it('files in flight together are spread over at most the given number of writer threads', async () => {
    for (const threads of [1, 2]) {
      const writer = new AttachmentWriter(undefined, threads);
      const dir = join(t.dir, `threads-${threads}`);
      try {
        const written = await Promise.all(Array.from({ length: 6 }, (_, i) => writer.write(dir, `0b6a1c2e-100${i}-4a4a-9a9a-0123456789ab.pdf`, pdf)));
        expect(new Set(written.map((file) => file!.thread)).size).toBe(threads);
        expect(readdirSync(dir)).toHaveLength(6);
      } finally {
        await writer.close();
      }
    }
  });

  it('a write the writer thread cannot do is refused with its cause (here: the folder is a file) and leaves nothing', async () => {
    const writer = new AttachmentWriter();
    const notAFolder = join(t.dir, 'not-a-folder');
    writeFileSync(notAFolder, 'x');
    try {
      await expect(writer.write(notAFolder, '0b6a1c2e-1111-4a4a-9a9a-0123456789ab.pdf', pdf)).rejects.toMatchObject({ code: 'ENOTDIR' });
    } finally {
      await writer.close();
    }
    expect(realFs.readFileSync(notAFolder, 'utf8')).toBe('x');
  });

  it('without a writer thread (its file missing from a build) the store writes the file itself, durably', async () => {
    const writer = new AttachmentWriter(new URL('./no-such.worker.mjs', import.meta.url));
    const store = new AttachmentStore(t.dir, writer);
    try {
      const saved = await store.saveAsync(pdf, '纪要.pdf');
      expect(realFs.readFileSync(join(attachmentsDir(), saved.storedName))).toEqual(pdf);
      expect(saved.sha256).toBe(sha256Of(pdf));
      expect(vi.mocked(fs.fsync)).toHaveBeenCalledTimes(2);
    } finally {
      await writer.close();
    }
  });

  it('on the thread pool (no writer thread) are fsynced and renamed into place (folder fsynced too) before the report is committed', async () => {
    const lead = await t.actorFor('省商务厅');
    const files = new AttachmentStore(t.dir, null);
    const rows = () => (t.sqlite.prepare('SELECT count(*) AS n FROM attachments').get() as { n: number }).n;
    const events: string[] = [];
    // The steps run on the thread pool (node:fs callbacks): each is recorded when it has completed.
    vi.mocked(fs.fsync).mockImplementation((fd, done) => {
      realFs.fsync(fd, (error) => {
        events.push(`fsync, rows ${rows()}`);
        done(error);
      });
    });
    vi.mocked(fs.rename).mockImplementation((from, to, done) => {
      realFs.rename(from, to, (error) => {
        events.push(`rename ${String(from).endsWith('.partial') ? 'partial' : String(from)} to ${/[0-9a-f-]{36}\.pdf$/u.test(String(to)) ? 'stored name' : String(to)}`);
        done(error);
      });
    });
    try {
      await submitReport(t.db, files, lead, report([{ name: '纪要.pdf', contentBase64: pdf.toString('base64') }]));
    } finally {
      vi.mocked(fs.fsync).mockImplementation(realFs.fsync);
      vi.mocked(fs.rename).mockImplementation(realFs.rename);
    }
    expect(events).toEqual(['fsync, rows 0', 'rename partial to stored name', 'fsync, rows 0']);
    expect(rows()).toBe(1);
    expect(readdirSync(attachmentsDir()).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('are verified against their sha256 when read: a changed file is named, never served', async () => {
    const lead = await t.actorFor('省商务厅');
    await submitReport(t.db, t.files, lead, report([{ name: '纪要.pdf', contentBase64: pdf.toString('base64') }]));
    const row = await t.db.selectFrom('attachments').select(['id', 'stored_name']).executeTakeFirstOrThrow();
    expect((await readAttachment(t.db, t.files, row.id)).contentBase64).toBe(pdf.toString('base64'));

    // A power cut before the data reached the disk, or a change made outside the app: same length, other bytes.
    writeFileSync(join(attachmentsDir(), row.stored_name), Buffer.alloc(pdf.length));
    await expect(readAttachment(t.db, t.files, row.id)).rejects.toMatchObject({
      code: 'DB_CORRUPT',
      message: expect.stringContaining('附件“纪要.pdf”的文件内容与填报时保存的不一致'),
    });
  });

  it('files no report refers to are swept out of attachments/ at start (set aside, not deleted); young ones stay', async () => {
    const lead = await t.actorFor('省商务厅');
    await submitReport(t.db, t.files, lead, report([{ name: '纪要.pdf', contentBase64: pdf.toString('base64') }]));
    const kept = (await t.db.selectFrom('attachments').select('stored_name').executeTakeFirstOrThrow()).stored_name;
    const orphan = '0b6a1c2e-1111-4a4a-9a9a-0123456789ab.pdf';
    const young = '0b6a1c2e-2222-4a4a-9a9a-0123456789ab.pdf';
    const partial = '.0b6a1c2e-3333-4a4a-9a9a-0123456789ab.pdf.partial';
    for (const name of [orphan, young, partial]) writeFileSync(join(attachmentsDir(), name), 'x');
    const now = new Date();
    const old = new Date(now.getTime() - ORPHAN_GRACE_MS - 60_000);
    for (const name of [kept, orphan, partial]) utimesSync(join(attachmentsDir(), name), old, old);
    await t.db.destroy();

    const context = await openAppContext({ dataDir: t.dir, mode: 'browser', version: 'test', now: () => now });
    await context.close();
    expect(readdirSync(attachmentsDir()).sort()).toEqual([kept, young].sort());
    expect(readdirSync(join(t.dir, 'set-aside', 'attachments'))).toEqual([orphan]);
  });

  it('the start-up sweep goes through a large folder in batches: every old unreferenced file set aside, every referenced one kept', async () => {
    const store = new AttachmentStore(t.dir);
    mkdirSync(attachmentsDir(), { recursive: true });
    const old = new Date(Date.now() - ORPHAN_GRACE_MS - 60_000);
    const names = Array.from({ length: 1_234 }, (_, i) => `0b6a1c2e-${String(i).padStart(4, '0')}-4a4a-9a9a-0123456789ab.pdf`);
    for (const name of names) {
      writeFileSync(join(attachmentsDir(), name), 'x');
      utimesSync(join(attachmentsDir(), name), old, old);
    }
    // Every seventh file belongs to a record; the rest are orphans.
    const kept = new Set(names.filter((_, i) => i % 7 === 0));
    const asked: number[] = [];
    const swept = await store.sweepOrphans(async (batch) => {
      asked.push(batch.length);
      return new Set(batch.filter((name) => kept.has(name)));
    }, new Date());
    expect(asked.reduce((sum, n) => sum + n, 0)).toBe(1_234);
    expect(Math.max(...asked)).toBeLessThanOrEqual(500);
    expect(readdirSync(attachmentsDir()).sort()).toEqual([...kept].sort());
    expect(swept.setAside.sort()).toEqual(names.filter((name) => !kept.has(name)).sort());
  });

  it('a sweep whose database is replaced meanwhile (a restore) stops and sets nothing more aside', async () => {
    const store = new AttachmentStore(t.dir);
    mkdirSync(attachmentsDir(), { recursive: true });
    const old = new Date(Date.now() - ORPHAN_GRACE_MS - 60_000);
    for (let i = 0; i < 1_200; i++) {
      const name = `0b6a1c2e-${String(i).padStart(4, '0')}-4a4a-9a9a-0123456789ab.pdf`;
      writeFileSync(join(attachmentsDir(), name), 'x');
      utimesSync(join(attachmentsDir(), name), old, old);
    }
    let current = true;
    const swept = await store.sweepOrphans(async () => {
      current = false;
      return new Set<string>();
    }, new Date(), () => current);
    expect(swept.setAside).toEqual([]);
    expect(readdirSync(attachmentsDir())).toHaveLength(1_200);
  });

  it('a report whose transaction fails leaves no file behind', async () => {
    const lead = await t.actorFor('省商务厅');
    mkdirSync(attachmentsDir(), { recursive: true });
    // The report is refused inside the transaction (the task is gone meanwhile): the file written first is removed.
    t.sqlite.exec('CREATE TRIGGER refuse BEFORE INSERT ON attachments BEGIN SELECT RAISE(ABORT, \'refused\'); END');
    await expect(submitReport(t.db, t.files, lead, report([{ name: '纪要.pdf', contentBase64: pdf.toString('base64') }]))).rejects.toThrow('refused');
    expect(readdirSync(attachmentsDir())).toEqual([]);
    expect(existsSync(join(t.dir, 'set-aside'))).toBe(false);
    rmSync(attachmentsDir(), { recursive: true });
  });
});
