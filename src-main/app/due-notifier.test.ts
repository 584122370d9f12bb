import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../api/errors';
import type { Caller } from '../api/handler.types';
import type { TodoItem } from '../api/todo.types';
import { dueNote, startDueNotifier, type DueNote } from './due-notifier';

/**
 * The desktop's 临期提醒 decided under Node: a stand-in for Electron's Notification (a list of what was shown), for
 * the clock (the app's day, as app.info gives it) and for the timer (run by hand).
 */

const item = (due: string | null, overdue: boolean, title = '事项'): TodoItem => ({ kind: 'taskDue', title, detail: '', due, overdue, target: { kind: 'task', taskId: 1 } });
const unit = (unitId: number): Caller => ({ kind: 'local', profile: { role: 'unit', unitId, person: '经办人' }, requestId: 'r-1' });

function harness(todoOf: (profile: unknown, day: string) => TodoItem[] | null) {
  let day = '2026-12-07';
  const shown: DueNote[] = [];
  const timers: (() => void)[] = [];
  const calls: { channel: string; caller: Caller }[] = [];
  const notifier = startDueNotifier({
    call: async (channel, caller): Promise<ApiResult<unknown>> => {
      calls.push({ channel, caller });
      if (channel === 'app.info') return { ok: true, value: { today: day } };
      const items = todoOf(caller.kind === 'local' ? caller.profile : null, day);
      return items === null ? { ok: false, error: { code: 'FORBIDDEN', message: '请先选择使用身份' } } : { ok: true, value: { items, counts: {}, total: items.length, byArea: { rounds: 0, supervision: 0, tasks: 0 } } };
    },
    show: (note) => shown.push(note),
    setTimer: (run) => (timers.push(run), timers.length),
    clearTimer: () => undefined,
  });
  const tick = async () => {
    timers.shift()!();
    await notifier.check();
  };
  return { notifier, shown, calls, tick, setDay: (next: string) => (day = next) };
}

describe('desktop 临期提醒', () => {
  it('says what the page banner says: overdue and falling due, nothing when nothing is due', () => {
    expect(dueNote({ items: [item('2026-12-01', true), item('2026-12-09', false), item('2026-12-10', false), item(null, false)] })).toEqual({
      title: '规划督办台 · 待办提醒',
      body: '1 项已逾期，2 项临近期限。打开“待办”查看。',
    });
    expect(dueNote({ items: [item(null, false, '复核退回的反馈')] })).toBeNull();
  });

  it('at start, once the window has said who uses it; not again the same day; again on the next day', async () => {
    const h = harness(() => [item('2026-12-05', true)]);
    await h.notifier.check();
    expect(h.shown).toEqual([]);

    h.notifier.seen(unit(7));
    await h.notifier.check();
    expect(h.shown.map((n) => n.body)).toEqual(['1 项已逾期。打开“待办”查看。']);
    // The window's request id is not reused for the notifier's own reads.
    expect(h.calls.every((c) => c.caller.requestId === undefined)).toBe(true);

    // Later the same day: the hourly look and the window's further calls say nothing new.
    h.notifier.seen(unit(7));
    await h.tick();
    await h.tick();
    expect(h.shown).toHaveLength(1);

    h.setDay('2026-12-08');
    await h.tick();
    expect(h.shown).toHaveLength(2);
    await h.tick();
    expect(h.shown).toHaveLength(2);
  });

  it('speaks for the person now using the window, and waits while the window has no identity or nothing is due', async () => {
    let due = false;
    const h = harness((profile, _day) => {
      if (profile === null) return null;
      const { unitId } = profile as { unitId: number };
      return unitId === 9 && due ? [item('2026-12-09', false)] : [];
    });
    h.notifier.seen({ kind: 'local', profile: null });
    await h.notifier.check();
    h.notifier.seen(unit(7));
    await h.notifier.check();
    expect(h.shown).toEqual([]);

    // Another unit takes over the window: its own 待办; nothing due yet, so it is looked at again on the next round.
    h.notifier.seen(unit(9));
    await h.notifier.check();
    expect(h.shown).toEqual([]);
    due = true;
    await h.tick();
    expect(h.shown.map((n) => n.body)).toEqual(['1 项临近期限。打开“待办”查看。']);
  });

  it('stops looking when stopped', async () => {
    const h = harness(() => [item('2026-12-05', true)]);
    h.notifier.stop();
    h.notifier.seen(unit(7));
    await h.notifier.check();
    expect(h.shown).toEqual([]);
  });
});
