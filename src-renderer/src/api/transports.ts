import type { PlanDeskBridge } from '../../../src-main/api/bridge.types';
import type { ChannelName } from '../../../src-main/api/contract';
import type { ApiResult } from '../../../src-main/api/errors';
import type { CallOptions, Transport } from './client';
import type { ProfileStore } from './profile';

declare global {
  interface Window {
    /** Present only inside the desktop app (exposed by the preload). */
    planDesk?: PlanDeskBridge;
  }
}

export const TOKEN_HEADER = 'x-plan-desk-token';
/** Must match PROFILE_HEADER in src-main/server/http-server.ts. */
export const PROFILE_HEADER = 'x-plan-desk-profile';
/** Must match REQUEST_ID_HEADER in src-main/server/http-server.ts. */
export const REQUEST_ID_HEADER = 'x-plan-desk-request-id';
const TOKEN_STORAGE_KEY = 'plan-desk-token';

export function ipcTransport(bridge: PlanDeskBridge, profiles: ProfileStore): Transport {
  return (channel, input, options?: CallOptions) =>
    (bridge[channel] as (input: unknown, profile: unknown, requestId?: string) => Promise<ApiResult<unknown>>)(input, profiles.get(), options?.requestId);
}

/**
 * Browser mode (token: the per-launch one) or the shared server (token null: the session cookie, which the browser
 * sends by itself, says who calls; the server ignores any profile).
 */
export function httpTransport(token: string | null, profiles: ProfileStore): Transport {
  return async (channel: ChannelName, input, options?: CallOptions) => {
    const profile = token === null ? null : profiles.get();
    let response: Response;
    try {
      response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token !== null ? { [TOKEN_HEADER]: token } : {}),
          ...(options?.requestId ? { [REQUEST_ID_HEADER]: options.requestId } : {}),
          // Headers carry Latin-1 only; the profile holds a Chinese name, so it travels URI-encoded.
          ...(profile ? { [PROFILE_HEADER]: encodeURIComponent(JSON.stringify(profile)) } : {}),
        },
        body: JSON.stringify(input),
      });
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: '无法连接规划督办台服务，请确认启动窗口仍在运行。' } };
    }
    return (await response.json()) as ApiResult<unknown>;
  };
}

/**
 * Browser mode's token arrives once in the address (?token=…). Keep it for this tab and take it out of the
 * address bar, so it does not end up in bookmarks, history or screenshots.
 */
export function takeBrowserToken(location: Location, history: History, storage: Storage): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}
