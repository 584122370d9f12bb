import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A second OS process with the database open, as another Plan Desk window or browser-mode server would have it:
 * 'read' keeps a read transaction open (so its WAL outlives our connection), 'write' holds the write lock,
 * 'exclusive' locks everyone out (EXCLUSIVE locking mode after a write, as some backup or sync tools do).
 */
export async function holdDatabaseInAnotherProcess(file: string, hold: 'read' | 'write' | 'exclusive') {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('journal_mode = WAL');
    if (process.argv[2] === 'exclusive') db.pragma('locking_mode = EXCLUSIVE');
    db.exec(process.argv[2] === 'read' ? 'BEGIN' : 'BEGIN IMMEDIATE');
    if (process.argv[2] === 'exclusive') db.exec("INSERT INTO settings (key, value) VALUES ('held', '1')");
    if (process.argv[2] === 'read') db.prepare('SELECT count(*) FROM plans').get();
    console.log('holding');
    process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script, file, hold], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line === 'holding' && resolve());
    child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
  });
  return { release: () => child.stdin!.write('go\n'), exited };
}
