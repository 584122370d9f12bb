import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppContext, type AppContext } from '../core/app-context';
import { holdDatabaseInAnotherProcess } from '../testing/hold-database';
import { parsePlan } from '../plan/plan.parser';
import { savePlan } from '../plan/plan.store';
import shippedPlanText from '../../resources/plans/shanxi-regional-integration-2021.txt?raw';
import { DATABASE_FILE_NAME } from './connection';
import { storageFailure, storageReason } from './storage-errors';
import { AS_OFFICE } from '../testing/data-folders';

// Calls are made as the office (each call carries its actor). A settings write stands for "a change made after the
// backup": its value, derived from a name, is read back to tell which database is open.
const marker = (name: string) => ({ yellowLag: 10, redLag: 30, dueSoonDays: 31 + ([...name].length % 300), notStartedMonths: 3 });

describe('storageFailure', () => {
  it.each([
    ['SQLITE_BUSY', 'DB_BUSY'],
    ['SQLITE_BUSY_SNAPSHOT', 'DB_BUSY'],
    ['SQLITE_LOCKED', 'DB_BUSY'],
    ['SQLITE_FULL', 'DISK_FULL'],
    ['ENOSPC', 'DISK_FULL'],
    ['SQLITE_READONLY_DBMOVED', 'DB_READONLY'],
    ['SQLITE_CORRUPT_INDEX', 'DB_CORRUPT'],
    ['SQLITE_NOTADB', 'DB_UNREADABLE'],
  ])('maps %s to %s with a Chinese message', (code, expected) => {
    const failure = storageFailure(Object.assign(new Error('x'), { code }));
    expect(failure?.code).toBe(expected);
    expect(failure?.message).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('leaves everything else to the caller (an internal error)', () => {
    expect(storageFailure(new Error('bug'))).toBeUndefined();
    expect(storageFailure(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeUndefined();
    expect(storageFailure(null)).toBeUndefined();
    expect(storageReason(new Error('原样'))).toBe('原样');
  });
});

describe('through the dispatcher, on a real database', () => {
  let dir: string;
  let context: AppContext;
  const integrity = () => context.database.sqlite.pragma('integrity_check', { simple: true });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plan-desk-storage-'));
    context = await openAppContext({ dataDir: dir, mode: 'browser', version: 'test', logError: () => undefined });
  });
  afterEach(async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second process holding the write lock: DB_BUSY, nothing written, the retry succeeds', async () => {
    // The app waits 5 s for a lock before giving up; the test shortens the wait, not the behaviour.
    context.database.sqlite.pragma('busy_timeout = 200');
    const other = await holdDatabaseInAnotherProcess(join(dir, DATABASE_FILE_NAME), 'write');
    let busy;
    try {
      busy = await context.dispatch('warnings.setThresholds', marker('张三'), AS_OFFICE);
    } finally {
      other.release();
      await other.exited;
    }
    expect(busy).toMatchObject({ ok: false, error: { code: 'DB_BUSY', message: expect.stringContaining('另一个程序') } });
    expect(await context.dispatch('warnings.getThresholds', {})).toMatchObject({ ok: true, value: { dueSoonDays: 30 } });
    expect(await context.dispatch('warnings.setThresholds', marker('张三'), AS_OFFICE)).toMatchObject({ ok: true });
    expect(integrity()).toBe('ok');
  });

  it('a full disk during a progress report: DISK_FULL, no half-written report, the retry succeeds', async () => {
    const report = {
      taskId: 1,
      status: '序时推进',
      percent: 40,
      progress: '推进'.repeat(2500),
      problems: '问题'.repeat(2500),
      nextSteps: '打算'.repeat(2500),
      coordination: '协调'.repeat(2500),
      attachments: [],
    };
    const sqlite = context.database.sqlite;
    const reportsBefore = sqlite.prepare('SELECT count(*) AS n FROM progress_reports').get();
    // SQLite's own way to make a disk "full": no page beyond those the file has now (and no free ones left).
    sqlite.exec('VACUUM');
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
    const full = await context.dispatch('progress.submit', report, AS_OFFICE);
    expect(full).toMatchObject({ ok: false, error: { code: 'DISK_FULL', message: expect.stringContaining('磁盘空间已满') } });
    expect(sqlite.prepare('SELECT count(*) AS n FROM progress_reports').get()).toEqual(reportsBefore);
    expect(integrity()).toBe('ok');

    sqlite.pragma('max_page_count = 1073741823');
    expect(await context.dispatch('progress.submit', report, AS_OFFICE)).toMatchObject({ ok: true });
    expect(integrity()).toBe('ok');
  });

  it('a full disk during a plan import: the whole import is rolled back', async () => {
    const sqlite = context.database.sqlite;
    const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = ['plans', 'chapters', 'sections', 'measures', 'tasks'].map(count);
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true })) + 20}`);
    const error = await savePlan(context.database.db, parsePlan(shippedPlanText), { code: 'FULL-1', sourceName: 'test' }).catch((e: unknown) => e);
    expect(storageFailure(error)?.code).toBe('DISK_FULL');
    expect(['plans', 'chapters', 'sections', 'measures', 'tasks'].map(count)).toEqual(before);
    expect(integrity()).toBe('ok');
  });
});
