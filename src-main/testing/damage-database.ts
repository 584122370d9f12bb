import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';

/**
 * Damages a (closed, checkpointed) database file the way a failing disk or a half-finished copy would: garbage
 * over a run of pages in the middle, header left intact, so the file still looks like a database until SQLite
 * reads those pages. `header: true` overwrites the header instead (the file no longer looks like a database).
 * Plain fs, so the end-to-end fixtures can use it too.
 */
export function damageDatabaseFile(file: string, options: { header?: boolean } = {}): void {
  const fd = openSync(file, 'r+');
  try {
    if (options.header) {
      writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
      return;
    }
    const pageSize = 4096;
    const pages = Math.floor(fstatSync(fd).size / pageSize);
    if (pages < 4) throw new Error(`数据库文件太小，无法模拟损坏：${file}`);
    const first = Math.max(2, Math.floor(pages / 4));
    const count = Math.max(1, Math.floor(pages / 3));
    const garbage = Buffer.alloc(count * pageSize);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    writeSync(fd, garbage, 0, garbage.length, first * pageSize);
  } finally {
    closeSync(fd);
  }
}
