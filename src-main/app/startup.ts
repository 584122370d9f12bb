import type { Dispatch } from '../core/dispatcher';

/**
 * The order the desktop app starts in, kept out of index.ts so that it runs under Node with stand-ins for Electron:
 * the API door opens and the window is created at once, while the database opens (its integrity check in a worker);
 * calls the window makes meanwhile wait for it. The start-up backup begins only after the window is up and the
 * database open, and is not waited for. A failure to open (the folder locked by another Plan Desk, a full disk)
 * goes to `fail`, which shows the error and quits.
 */

export interface Opened {
  dispatch: Dispatch;
}

export interface StartupSteps<C extends Opened> {
  openContext(): Promise<C>;
  /** Registers the API door (Electron IPC) with the dispatch to forward to. */
  openDoor(dispatch: Dispatch): void;
  openWindow(): void;
  /** 自动备份: the start-up one, then the daily check; returns when the first is done. */
  startBackups(context: C): Promise<unknown>;
  fail(error: unknown): void;
}

export async function startDesktop<C extends Opened>(steps: StartupSteps<C>): Promise<C | undefined> {
  const opening = steps.openContext();
  // A failed open is reported through `fail` below; until then no call is left without an answer.
  opening.catch(() => undefined);
  steps.openDoor(async (channel, payload, caller) => (await opening).dispatch(channel, payload, caller));
  steps.openWindow();
  let context: C;
  try {
    context = await opening;
  } catch (error) {
    steps.fail(error);
    return undefined;
  }
  void steps.startBackups(context);
  return context;
}
