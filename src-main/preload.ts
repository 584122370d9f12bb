import { contextBridge, ipcRenderer } from 'electron';

// The contract's channel names, written in at build time (electron.vite.config.ts), so the sandboxed preload imports
// nothing but electron and page script can reach only the channels of the contract, never name another one. Each
// function is bound to one fixed IPC channel and sends the input with the profile the window holds. Must match
// API_CHANNEL_PREFIX in app/ipc.ts (a test checks both).
declare const __PLAN_DESK_CHANNELS__: readonly string[];

const bridge = Object.fromEntries(
  __PLAN_DESK_CHANNELS__.map((name) => [
    name,
    (input: unknown, profile: unknown, requestId?: unknown): Promise<unknown> => ipcRenderer.invoke(`api:${name}`, input, profile, requestId),
  ]),
);

contextBridge.exposeInMainWorld('planDesk', Object.freeze(bridge));
