import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../api/errors';
import type { Dispatch } from '../core/dispatcher';
import { startDesktop } from './startup';

/** The desktop start-up order, with stand-ins for Electron (window, IPC), the database and the backup. */

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('startDesktop', () => {
  it('opens the window before the database is open, answers its early calls once it is, and backs up after', async () => {
    const events: string[] = [];
    const context = deferred<{ dispatch: Dispatch }>();
    const backup = deferred<void>();
    let door: Dispatch | undefined;
    const started = startDesktop({
      openContext: () => {
        events.push('open database');
        return context.promise;
      },
      openDoor: (dispatch) => {
        events.push('door');
        door = dispatch;
      },
      openWindow: () => events.push('window'),
      startBackups: () => {
        events.push('backup');
        return backup.promise;
      },
      fail: (error) => events.push(`fail ${String(error)}`),
    });
    expect(events).toEqual(['open database', 'door', 'window']);

    // The window's first call, made while the database is still opening, is answered once it is open.
    const early = door!('app.info', {});
    context.resolve({ dispatch: async (channel) => ({ ok: true, value: channel }) as ApiResult<unknown> });
    expect(await early).toEqual({ ok: true, value: 'app.info' });
    // Start-up is done although the backup has not finished.
    expect(await started).toBeDefined();
    expect(events).toEqual(['open database', 'door', 'window', 'backup']);
    backup.resolve();
  });

  it('reports a database that cannot be opened, and makes no backup', async () => {
    const events: string[] = [];
    const started = startDesktop({
      openContext: () => Promise.reject(new Error('数据目录已被另一个规划督办台使用')),
      openDoor: () => events.push('door'),
      openWindow: () => events.push('window'),
      startBackups: async () => {
        events.push('backup');
      },
      fail: (error) => events.push(`fail ${(error as Error).message}`),
    });
    expect(await started).toBeUndefined();
    expect(events).toEqual(['door', 'window', 'fail 数据目录已被另一个规划督办台使用']);
  });
});
