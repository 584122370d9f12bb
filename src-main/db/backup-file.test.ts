import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeBackupFile } from './backup-file';

/**
 * A backup of the app's database (WAL mode) is written by a worker thread, not by the app's connection: its final
 * commit flushes the whole copy to disk, which held the window at the end of every backup. The copy is the same.
 */

let dir: string;
let sqlite: BetterSqlite3.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-backup-file-'));
  sqlite = new BetterSqlite3(join(dir, 'plan-desk.sqlite3'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE reports (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const insert = sqlite.prepare('INSERT INTO reports (text) VALUES (?)');
  sqlite.transaction(() => {
    for (let i = 0; i < 2_000; i++) insert.run(`第 ${i} 次填报：按计划推进。`);
  })();
});
afterEach(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

function readCopy(file: string): { rows: number; journalMode: string } {
  const copy = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return { rows: (copy.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n, journalMode: String(copy.pragma('journal_mode', { simple: true })) };
  } finally {
    copy.close();
  }
}

describe('writeBackupFile', () => {
  it('copies a WAL database without the app connection doing the copy, into one self-contained file', async () => {
    const copiedHere = vi.spyOn(sqlite, 'backup');
    const destination = join(dir, 'backup.sqlite3');
    await writeBackupFile(sqlite, destination);
    expect(copiedHere).not.toHaveBeenCalled();
    expect(readCopy(destination)).toEqual({ rows: 2_000, journalMode: 'delete' });
  });

  it('makes the same copy on the app connection when no worker can start', async () => {
    const destination = join(dir, 'backup.sqlite3');
    await writeBackupFile(sqlite, destination, new URL('./no-such-backup.worker.mjs', import.meta.url));
    expect(readCopy(destination)).toEqual({ rows: 2_000, journalMode: 'delete' });
  });
});
