import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-helper';
import { withCheckpointAfter } from './wal-checkpoint';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.dispose());

const fileSize = () => statSync(t.file).size;
const autoCheckpoint = () => Number(t.sqlite.pragma('wal_autocheckpoint', { simple: true }));

/** ~2,000 pages of new rows in one transaction: past the 1,000 pages at which SQLite checkpoints on commit. */
function largeWrite(): void {
  t.sqlite.exec('CREATE TABLE IF NOT EXISTS filler (data BLOB)');
  t.sqlite.exec("BEGIN IMMEDIATE; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT randomblob(4000) FROM n; COMMIT");
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error('等待超时');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a large write and its checkpoint', () => {
  it('commits without copying the WAL into the database file; a worker copies it afterwards', async () => {
    const before = fileSize();
    await withCheckpointAfter(t.db, async () => {
      expect(autoCheckpoint()).toBe(0);
      largeWrite();
    });
    // The commit left its pages in the WAL (SQLite would have copied them into the file on this commit)…
    expect(fileSize()).toBe(before);
    // …until the worker's checkpoint; then the connection checkpoints by itself again.
    await until(() => fileSize() > before + 4000 * 2000 && autoCheckpoint() === 1000);
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 2000 });
  });

  it('keeps the automatic checkpoint off while another such write is still under way', async () => {
    let release!: () => void;
    const second = withCheckpointAfter(t.db, () => new Promise<void>((resolve) => (release = resolve)));
    await withCheckpointAfter(t.db, async () => largeWrite());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(autoCheckpoint()).toBe(0);
    release();
    await second;
    await until(() => autoCheckpoint() === 1000);
  });

  it('is a plain write where there is no WAL file: an in-memory database', async () => {
    const memory = await import('./connection').then(({ kyselyOver }) => import('better-sqlite3').then(({ default: Sqlite }) => kyselyOver(new Sqlite(':memory:'))));
    expect(await withCheckpointAfter(memory, async () => 42)).toBe(42);
    await memory.destroy();
  });
});
