import { existsSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupInfo, RecoveryStatus, RestoreResult } from '../api/backup.types';
import type { ApiResult } from '../api/errors';
import type { PlanSummary } from '../api/plan.types';
import { DATABASE_FILE_NAME } from '../db/connection';
import { openAppContext, type AppContext } from './app-context';

const dirs: string[] = [];
const contexts: AppContext[] = [];
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(dataDir: string): Promise<AppContext> {
  const context = await openAppContext({ dataDir, mode: 'browser', version: 'test', logError: () => undefined });
  contexts.push(context);
  return context;
}

function value<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** A data folder that has been used: its database with the shipped plan, and one automatic backup. */
async function usedDataDir(): Promise<{ dataDir: string; backup: BackupInfo }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-missing-'));
  dirs.push(dataDir);
  const context = await open(dataDir);
  const backup = (await context.automaticBackup({ force: true }))!;
  await contexts.splice(0)[0]!.close();
  return { dataDir, backup };
}

describe('a missing or empty database file where backups exist', () => {
  it.each([
    ['missing', (file: string) => rmSync(file), '不存在'],
    ['0 bytes', (file: string) => truncateSync(file, 0), '是空文件（0 字节）'],
  ] as const)('%s: the recovery screen offers the backups, no new database is made', async (_what, damage, said) => {
    const { dataDir, backup } = await usedDataDir();
    const file = join(dataDir, DATABASE_FILE_NAME);
    damage(file);
    const context = await open(dataDir);

    const status = value<RecoveryStatus>(await context.dispatch('recovery.status', {}));
    expect(status).toMatchObject({ needed: true, reason: 'missing', message: expect.stringContaining(`数据库文件${said}，但数据目录中有 1 个备份`) });
    expect(value<BackupInfo[]>(await context.dispatch('backup.list', {})).map((entry) => entry.name)).toEqual([backup.name]);
    expect(await context.dispatch('plan.list', {})).toMatchObject({ ok: false, error: { code: 'RECOVERY_MODE' } });
    // Nothing was created in place of the lost file.
    expect(existsSync(file) ? statSync(file).size : 0).toBe(0);

    const restored = value<RestoreResult>(await context.dispatch('recovery.restore', { name: backup.name }));
    expect(restored.restored.name).toBe(backup.name);
    expect(value<PlanSummary[]>(await context.dispatch('plan.list', {}))).toHaveLength(1);
  });

  it('a brand-new data folder (no database, no backups) still starts with the shipped plan', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-missing-'));
    dirs.push(dataDir);
    const context = await open(dataDir);
    expect(context.recovery).toBeNull();
    expect(value<PlanSummary[]>(await context.dispatch('plan.list', {}))[0]).toMatchObject({ chapterCount: 7, measureCount: 65 });
  });
});
