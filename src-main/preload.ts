import { contextBridge, ipcRenderer } from 'electron';
import { channelNames } from './api/channels';

// Each function is bound to one fixed IPC channel, so page script can reach only the channels listed in the
// contract and can never name another one. Must match API_CHANNEL_PREFIX in app/ipc.ts; the preload stays free
// of other imports so the sandboxed bundle is just this file (a test checks both).
const bridge = Object.fromEntries(
  channelNames.map((name) => [name, (input: unknown): Promise<unknown> => ipcRenderer.invoke(`api:${name}`, input)]),
);

contextBridge.exposeInMainWorld('planDesk', Object.freeze(bridge));
