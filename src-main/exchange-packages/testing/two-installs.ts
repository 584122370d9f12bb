import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '../../api/handler.types';
import { clockOnDate } from '../../core/clock';
import { openAppContext, type AppContext } from '../../core/app-context';

/**
 * Two installs of the app, each with its own data folder and its own clock, talking only through the dispatcher (as
 * the doors do): the office's PC and a unit's isolated PC. Files move between them as the user would carry them.
 */

export interface Install {
  context: AppContext;
  /** The install's date (Beijing), moved by the test. */
  day: string;
  /** Calls a channel and returns its value; a failure throws with the Chinese message. */
  call<T = unknown>(channel: string, payload: unknown, caller?: Caller): Promise<T>;
  /** Calls a channel expecting a refusal; returns the error. */
  refused(channel: string, payload: unknown, caller?: Caller): Promise<{ code: string; message: string }>;
  /**
   * The rows of every table a package can write, with a digest of their content: a refused or repeated import must
   * leave this as it was. (Not SQLite's total_changes: the audit trail records each call, refused or not.)
   */
  changes(): string;
}

export async function openInstall(name: string, day: string): Promise<Install & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), `plan-desk-${name}-`));
  const install = { day } as Install & { dir: string };
  install.dir = dir;
  install.context = await openAppContext({ dataDir: dir, mode: 'browser', version: 'test', today: () => install.day, now: () => clockOnDate(install.day)() });
  install.call = async <T,>(channel: string, payload: unknown, caller?: Caller) => {
    const result = await install.context.dispatch(channel, payload, caller);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  install.refused = async (channel, payload, caller) => {
    const result = await install.context.dispatch(channel, payload, caller);
    if (result.ok) throw new Error(`${channel} was expected to be refused`);
    return result.error;
  };
  install.changes = () => {
    const sqlite = install.context.database.sqlite;
    return WRITTEN_TABLES.map((table) => {
      const rows = sqlite.prepare(`SELECT * FROM ${table}`).all();
      return `${table}:${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 12)}`;
    }).join(' ');
  };
  return install;
}

const WRITTEN_TABLES = [
  'units', 'unit_aliases', 'plans', 'chapters', 'sections', 'measures', 'tasks', 'task_cooperators', 'milestones', 'task_targets', 'task_events',
  'progress_reports', 'attachments', 'problems', 'rounds', 'round_units', 'round_tasks', 'supervision_notices', 'notice_tasks', 'notice_steps',
  'settings', 'exchange_peers', 'exchange_packages', 'exchange_items',
];

export async function closeInstall(install: Install & { dir: string }): Promise<void> {
  await install.context.close();
  rmSync(install.dir, { recursive: true, force: true });
}

export const asLocal = (profile: unknown): Caller => ({ kind: 'local', profile });
