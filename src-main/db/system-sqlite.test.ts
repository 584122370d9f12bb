import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShippedPlan } from '../plan/plan.seed';
import { PYTHON, toolPolicy } from '../testing/office-tools';
import { seedDefaultUnits } from '../units/units.service';
import { DATABASE_FILE_NAME, openAppDatabase } from './connection';
import { testEngine } from './test-helper';

/**
 * The data file stays readable by the SQLite of the machine it sits on, not only by the newer one bundled with the
 * app: an administrator inspects or rescues it with the system's sqlite3 (Debian 12: SQLite 3.40), and SQLite reads
 * the whole schema on opening, so one trigger written in a newer syntax (UPDATE … AS … FROM in a trigger, accepted by
 * 3.53) made 3.40 refuse the entire file as malformed. Python's sqlite3 module is the system's library.
 */

const run = promisify(execFile);
const policy = toolPolicy(existsSync(PYTHON) ? null : `缺少 ${PYTHON}（apt-get install python3）`);

const READ = `
import sqlite3, sys, json
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print(json.dumps({
  'version': sqlite3.sqlite_version,
  'objects': c.execute('SELECT count(*) FROM sqlite_master').fetchone()[0],
  'check': c.execute('PRAGMA quick_check').fetchone()[0],
  'tasks': c.execute('SELECT count(*) FROM tasks').fetchone()[0],
}))
`;

describe.skipIf(testEngine() === 'postgres' || (policy.skip && !policy.failUnderCi))('the data file and the system SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-desk-system-sqlite-'));

  beforeAll(async () => {
    const database = await openAppDatabase(dir);
    await seedDefaultUnits(database.db);
    await seedShippedPlan(database.db);
    await database.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens with every migration applied, its schema read, checked and queried', async () => {
    if (policy.failUnderCi) throw new Error(`CI 中缺少 ${PYTHON}`);
    const { stdout } = await run(PYTHON, ['-c', READ, join(dir, DATABASE_FILE_NAME)]);
    const read = JSON.parse(stdout) as { version: string; objects: number; check: string; tasks: number };
    expect(read, `SQLite ${read.version}`).toMatchObject({ check: 'ok', tasks: 270 });
    expect(read.objects).toBeGreaterThan(100);
  });
});
