import { channelNames } from '../api/contract';
import { failure, type ApiResult } from '../api/errors';
import type { Dispatch } from '../core/dispatcher';

/** Every API channel travels over IPC as `api:<channel>`; preload.ts spells the same prefix. */
export const API_CHANNEL_PREFIX = 'api:';

const FORBIDDEN_MESSAGE = '请求不是来自规划督办台自身的页面，已被拒绝。';
const INTERNAL_MESSAGE = '程序内部错误，本次操作未完成。请重试；如仍出错，请把日志发给维护人员。';

/** The part of Electron's `IpcMainInvokeEvent` this module reads. */
export interface InvokeEventLike {
  readonly senderFrame?: { readonly url: string } | null;
}

/** The part of Electron's `ipcMain` this module uses; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, input: unknown, profile?: unknown, requestId?: unknown) => Promise<ApiResult<unknown>>): void;
}

/**
 * Opens the IPC door: one handler per contract channel, each forwarding to the shared dispatcher with the profile
 * the window sent (the person chosen in that window; the dispatcher checks it). A call from a frame that is not the
 * app's own page (an injected iframe, a page the window was tricked into loading) is refused before anything is
 * parsed or run.
 */
export function registerApiChannels(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  isTrustedSender: (url: string) => boolean,
  logError: (error: unknown, channel: string) => void = (error, channel) => console.error(`[ipc ${channel}]`, error),
): void {
  for (const name of channelNames) {
    ipcMain.handle(`${API_CHANNEL_PREFIX}${name}`, async (event, input, profile, requestId) => {
      if (!isTrusted(event, isTrustedSender)) return failure('FORBIDDEN', FORBIDDEN_MESSAGE);
      try {
        // The request id of a creating call (one per user action): a repeat gets the first answer (dispatcher.ts).
        return await dispatch(name, input, { kind: 'local', profile, address: '本机', ...(typeof requestId === 'string' ? { requestId } : {}) });
      } catch (error) {
        // The dispatcher turns every failure into a result; reaching here is a bug, and Electron would otherwise
        // hand the renderer an English error text with internals.
        logError(error, name);
        return failure('INTERNAL', INTERNAL_MESSAGE);
      }
    });
  }
}

function isTrusted(event: InvokeEventLike, isTrustedSender: (url: string) => boolean): boolean {
  try {
    const url = event.senderFrame?.url;
    return url !== undefined && isTrustedSender(url);
  } catch {
    // Reading a frame that navigated away or was destroyed throws; such a sender is not trusted.
    return false;
  }
}
