import { describe, expect, it } from 'vitest';
import { ActionIds, actionKey } from './request-ids';

// The renderer's part of "no double submissions": what id each click's call carries.
describe('request ids per user action', () => {
  let n = 0;
  const ids = () => new ActionIds(() => `id-${++n}`);

  it('a second click while the first call is under way carries the same id; the next action a new one', () => {
    const actions = ids();
    const key = actionKey({ taskId: 1, percent: 20 });
    const first = actions.begin(key);
    expect(actions.begin(key)).toBe(first);
    actions.end(key);
    actions.end(key);
    expect(actions.begin(key)).not.toBe(first);
  });

  it('a different input at the same time is a different action', () => {
    const actions = ids();
    expect(actions.begin(actionKey({ taskId: 1 }))).not.toBe(actions.begin(actionKey({ taskId: 2 })));
  });
});

it('a new id is 32 hex digits, as the server accepts them', () => {
  expect(new ActionIds().begin('x')).toMatch(/^[0-9a-f]{32}$/u);
});
