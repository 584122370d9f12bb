import { describe, expect, it, vi } from 'vitest';
import { channelNames } from '../api/contract';
import type { ApiResult } from '../api/errors';
import type { Dispatch } from '../core/dispatcher';
import { API_CHANNEL_PREFIX, registerApiChannels, type InvokeEventLike, type IpcMainLike } from './ipc';

type Listener = (event: InvokeEventLike, input: unknown, profile?: unknown, requestId?: unknown) => Promise<ApiResult<unknown>>;

/** Records what would be registered on Electron's ipcMain, refusing duplicates as the real one does. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const registered: string[] = [];
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      registered.push(channel);
      handlers.set(channel, listener);
    },
  };
  const invoke = (channel: string, event: InvokeEventLike, input: unknown, profile?: unknown, requestId?: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, input, profile, requestId);
  };
  return { ipcMain, registered, invoke };
}

const APP_PAGE = 'file:///opt/plan-desk/out/renderer/index.html';
const trusted = (url: string) => url === APP_PAGE;
const fromApp: InvokeEventLike = { senderFrame: { url: APP_PAGE } };

function setup(dispatch: Dispatch = vi.fn<Dispatch>(async (channel) => ({ ok: true, value: channel }))) {
  const fake = fakeIpcMain();
  const logError = vi.fn();
  registerApiChannels(fake.ipcMain, dispatch, trusted, logError);
  return { ...fake, dispatch, logError };
}

describe('registerApiChannels', () => {
  it('registers every contract channel exactly once, and nothing else', () => {
    const { registered } = setup();
    expect(registered).toHaveLength(channelNames.length);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual(channelNames.map((name) => `${API_CHANNEL_PREFIX}${name}`).sort());
  });

  it('uses the prefix the preload uses', () => {
    expect(API_CHANNEL_PREFIX).toBe('api:');
  });

  it('forwards a call from the app page to dispatch and returns its result unchanged', async () => {
    const result: ApiResult<unknown> = { ok: true, value: [{ id: 1, name: '十四五规划' }] };
    const dispatch = vi.fn<Dispatch>(async () => result);
    const { invoke } = setup(dispatch);
    const input = { planId: 1 };
    await expect(invoke('api:plan.tree', fromApp, input)).resolves.toBe(result);
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('plan.tree', input, { kind: 'local', profile: undefined, address: '本机' });
  });

  it('hands the dispatcher the profile the window sent with the call, unchecked', async () => {
    const dispatch = vi.fn<Dispatch>(async () => ({ ok: true, value: null }));
    const { invoke } = setup(dispatch);
    const profile = { role: 'unit', unitId: 7, person: '李明' };
    await invoke('api:progress.submit', fromApp, { taskId: 1 }, profile);
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('progress.submit', { taskId: 1 }, { kind: 'local', profile, address: '本机' });
  });

  it('passes on the request id of a creating call (one per user action), and nothing that is not a string', async () => {
    const dispatch = vi.fn<Dispatch>(async () => ({ ok: true, value: null }));
    const { invoke } = setup(dispatch);
    await invoke('api:progress.submit', fromApp, { taskId: 1 }, null, 'abcdef0123456789');
    await invoke('api:progress.submit', fromApp, { taskId: 1 }, null, { evil: true });
    expect(dispatch.mock.calls.map((call) => call[2])).toEqual([
      { kind: 'local', profile: null, address: '本机', requestId: 'abcdef0123456789' },
      { kind: 'local', profile: null, address: '本机' },
    ]);
  });

  it('passes a failure from dispatch through as it is', async () => {
    const result: ApiResult<unknown> = { ok: false, error: { code: 'INVALID_INPUT', message: '提交的数据不符合要求' } };
    const { invoke } = setup(async () => result);
    await expect(invoke('api:units.list', fromApp, 'junk')).resolves.toBe(result);
  });

  it.each([
    ['a foreign page', { senderFrame: { url: 'https://evil.com/' } }],
    ['a file outside the app', { senderFrame: { url: 'file:///tmp/evil.html' } }],
    ['a destroyed frame (null)', { senderFrame: null }],
    ['no frame at all', {}],
  ])('refuses %s with FORBIDDEN without calling dispatch', async (_what, event: InvokeEventLike) => {
    const { invoke, dispatch } = setup();
    const result = await invoke('api:app.info', event, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!result.ok) expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a frame whose URL cannot be read', async () => {
    const { invoke, dispatch } = setup();
    const disposed: InvokeEventLike = {
      get senderFrame(): { url: string } {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    await expect(invoke('api:app.info', disposed, {})).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('turns a dispatch that throws into an INTERNAL failure in Chinese, and logs it', async () => {
    const { invoke, logError } = setup(async () => {
      throw new Error('boom at /opt/plan-desk/out/main/index.js:1');
    });
    const result = await invoke('api:plan.list', fromApp, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!result.ok) expect(result.error.message).not.toContain('boom');
    expect(logError).toHaveBeenCalledOnce();
  });
});
