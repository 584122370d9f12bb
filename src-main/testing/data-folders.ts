import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** What a test calls as: the office, on a single-seat install (the profile a window would send). */
export const AS_OFFICE = { kind: 'local', profile: { role: 'office', person: '测试员' } } as const;

/**
 * Fresh data folders for tests that open whole app contexts: each test's folders are made on demand, and after it the
 * contexts it registered are closed and the folders deleted.
 */
export function useFreshDataFolders(prefix: string): {
  freshDir(): string;
  track<T extends { close(): Promise<void> }>(context: T): T;
  /** Closes the contexts tracked so far, now (a test that reopens the same folder). */
  closeAll(): Promise<void>;
} {
  const dirs: string[] = [];
  const contexts: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const context of contexts.splice(0)) await context.close();
  };
  afterEach(async () => {
    await closeAll();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    closeAll,
    freshDir() {
      const dir = mkdtempSync(join(tmpdir(), `plan-desk-${prefix}-`));
      dirs.push(dir);
      return dir;
    },
    track(context) {
      contexts.push(context);
      return context;
    },
  };
}
