import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignTasks } from '../tasks/task-assign.service';
import { submitReport, type ReportInput } from '../progress/progress.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { emptySmallDisk, mountSmallDisk, type SmallDisk } from '../testing/small-disk';
import { storageFailure } from './storage-errors';

/**
 * A data folder on a real disk that fills up (a 24 MB tmpfs): the kernel's ENOSPC, under which SQLite rolls the whole
 * transaction back by itself — unlike max_page_count (storage-errors.test.ts), where only the statement fails.
 */
const mounted = mountSmallDisk(24);
const unavailable = 'unavailable' in mounted ? mounted.unavailable : undefined;
if (unavailable) console.warn(`跳过真实磁盘写满测试：${unavailable}`);

describe('a real full disk', () => {
  it.runIf(process.env.CI === 'true')('runs in CI (as root)', () => {
    expect(unavailable).toBeUndefined();
  });
});

describe.skipIf(unavailable !== undefined)('a real full disk', () => {
  const disk = mounted as SmallDisk;
  let t: SeededDatabase;
  let taskId: number;
  const report = (overrides: Partial<ReportInput> = {}): ReportInput => ({
    taskId,
    status: '序时推进',
    percent: 40,
    progress: '推进'.repeat(2500),
    problems: '问题'.repeat(2500),
    nextSteps: '打算'.repeat(2500),
    coordination: '协调'.repeat(2500),
    attachments: [],
    ...overrides,
  });
  const count = async () => (await t.db.selectFrom('progress_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const integrity = () => t.sqlite.pragma('integrity_check', { simple: true });

  beforeAll(async () => {
    const dataDir = join(disk.dir, 'data');
    mkdirSync(dataDir);
    t = await createSeededDatabase(dataDir);
    taskId = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('省商务厅'), cooperatorUnitIds: [], deadline: '2027-12-31' });
  });
  afterAll(async () => {
    await t?.dispose();
    disk.unmount();
  });

  it('every failed report says 磁盘空间已满 (never an internal error), nothing is half-written, and the retry succeeds', async () => {
    const lead = await t.actorFor('省商务厅');
    const before = await count();
    disk.fill(96 * 1024);
    const failures: unknown[] = [];
    let written = 0;
    for (let i = 0; i < 40; i++) {
      try {
        await submitReport(t.db, t.files, lead, report({ percent: i }));
        written++;
      } catch (error) {
        failures.push(error);
      }
    }
    expect(failures.length).toBeGreaterThan(0);
    // What the user reads (the dispatcher shows storageFailure's message) and what the log gets (the error itself).
    expect(failures.map((error) => storageFailure(error)?.message ?? String(error))).toEqual(
      failures.map(() => expect.stringContaining('磁盘空间已满')),
    );
    expect(failures.map((error) => (error as { code?: string }).code)).toEqual(failures.map(() => expect.stringMatching(/^SQLITE_FULL|^SQLITE_IOERR|^ENOSPC/u)));
    expect(await count()).toBe(before + written);

    emptySmallDisk(disk);
    await submitReport(t.db, t.files, lead, report({ percent: 99 }));
    expect(await count()).toBe(before + written + 1);
    expect(integrity()).toBe('ok');
  });

  it('an attachment that does not fit: 磁盘空间已满, no report, and no empty or partial file left', async () => {
    const lead = await t.actorFor('省商务厅');
    const before = await count();
    disk.fill(256 * 1024);
    const content = Buffer.alloc(2 * 1024 * 1024, 7).toString('base64');
    const error = await submitReport(t.db, t.files, lead, report({ attachments: [{ name: '现场照片.pdf', contentBase64: content }] })).catch((e: unknown) => e);
    emptySmallDisk(disk);
    expect(storageFailure(error)?.message).toContain('磁盘空间已满');
    expect(await count()).toBe(before);
    expect(readdirSync(join(t.dir, 'attachments'))).toEqual([]);
    expect(integrity()).toBe('ok');
  });
});
