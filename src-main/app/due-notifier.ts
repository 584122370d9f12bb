import type { AppInfo } from '../api/app.types';
import { dueSummary, dueSummaryText } from '../api/due-summary';
import type { ApiResult } from '../api/errors';
import type { Caller } from '../api/handler.types';
import type { TodoList } from '../api/todo.types';

/**
 * 临期提醒 on the desktop: a system notification at start and once on each later day, naming how many of the person's
 * 待办 are overdue or fall due within the warning window — the same 待办 (todo.list) and the same count (api/due-summary)
 * the banner in the page shows. Plain TypeScript: the clock, the timer, the calls into the app and the notification
 * itself are handed in, so the decision is tested under Node; index.ts relays it to Electron's Notification.
 *
 * Whose 待办: on the desktop the window holds the profile (领导小组办公室 or a unit, 经办人) and sends it with every
 * call; the notifier asks as the window last did, so it speaks for whoever uses the window. Until the window has
 * called once, nobody is known and nothing is shown.
 */

export interface DueNote {
  title: string;
  body: string;
}

export type CallAs = (channel: 'app.info' | 'todo.list', caller: Caller) => Promise<ApiResult<unknown>>;

export interface DueNotifierDeps {
  /** Into the app's dispatcher, as a caller. */
  call: CallAs;
  /** Shows one system notification (Electron's Notification in the shell; a stand-in in tests). */
  show: (note: DueNote) => void;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** How often the day is looked at (a day change is noticed within this). */
  checkEveryMs?: number;
}

export interface DueNotifier {
  /** The window called as `caller`: remembered, and a first look taken if none was taken for this person today. */
  seen(caller: Caller): void;
  /** One look now (also what the timer runs). */
  check(): Promise<DueNote | null>;
  stop(): void;
}

const HOUR = 60 * 60 * 1000;

/** The note for a day's 待办, or null when nothing is due: what the notification says. */
export function dueNote(todo: Pick<TodoList, 'items'>): DueNote | null {
  const text = dueSummaryText(dueSummary(todo));
  return text === null ? null : { title: '规划督办台 · 待办提醒', body: `${text}。打开“待办”查看。` };
}

export function startDueNotifier(deps: DueNotifierDeps): DueNotifier {
  let caller: Caller | null = null;
  // Who was told, on which app day: "person@day". Kept in memory: a new start tells again, as the banner does.
  let told: string | null = null;
  let running: Promise<DueNote | null> | null = null;
  let timer: unknown = null;
  let stopped = false;

  const whoOf = (c: Caller) => (c.kind === 'local' ? JSON.stringify(c.profile ?? null) : c.kind);
  const valueOf = <T>(result: ApiResult<unknown>): T | null => (result.ok ? (result.value as T) : null);

  async function look(): Promise<DueNote | null> {
    const as = caller;
    if (as === null || stopped) return null;
    const info = valueOf<AppInfo>(await deps.call('app.info', as));
    if (info === null) return null;
    const stamp = `${whoOf(as)}@${info.today}`;
    if (told === stamp) return null;
    // A window not yet told who uses it (no profile chosen) is refused here: nothing to say, try again later.
    const todo = valueOf<TodoList>(await deps.call('todo.list', as));
    if (todo === null) return null;
    const note = dueNote(todo);
    if (note === null) return null;
    told = stamp;
    deps.show(note);
    return note;
  }

  const check = (): Promise<DueNote | null> => {
    // One look at a time: the window's first calls come in a burst.
    running ??= look().finally(() => (running = null));
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = deps.setTimer(() => {
      void check().catch(() => null);
      schedule();
    }, deps.checkEveryMs ?? HOUR);
  };
  schedule();

  return {
    seen(next) {
      if (next.kind !== 'local') return;
      const changed = caller === null || whoOf(caller) !== whoOf(next);
      // Only who calls: the window's request id and address belong to its own call, not to these reads.
      caller = { kind: 'local', profile: next.profile };
      if (changed) void check().catch(() => null);
    },
    check,
    stop() {
      stopped = true;
      if (timer !== null) deps.clearTimer(timer);
    },
  };
}
