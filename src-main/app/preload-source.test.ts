import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_CHANNEL_PREFIX } from './ipc';

// The preload imports electron, so it cannot run under vitest; its few rules are checked on the source instead
// (and `electron-vite build` output is checked by hand: no require other than electron).
const source = readFileSync(new URL('../preload.ts', import.meta.url), 'utf8');

describe('preload.ts', () => {
  it('imports only electron: the channel list is written in at build time', () => {
    const imports = [...source.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1]);
    expect(imports).toEqual(['electron']);
    expect(source).toContain('__PLAN_DESK_CHANNELS__.map(');
  });

  it('invokes with the same prefix ipc.ts registers', () => {
    expect(source).toContain(`\`${API_CHANNEL_PREFIX}\${name}\``);
  });

  it('exposes a frozen object and nothing from Node or ipcRenderer itself', () => {
    expect(source).toMatch(/exposeInMainWorld\('planDesk', Object\.freeze\(/);
    expect(source.match(/exposeInMainWorld/g)).toHaveLength(1);
    const body = source.replace(/^import .*$/gm, '');
    expect(body).not.toMatch(/process\.|require\(|\.send\(|\.on\(/);
    // ipcRenderer appears only as `ipcRenderer.invoke(`, never handed over as a value.
    expect(body.match(/ipcRenderer/g)).toEqual(body.match(/ipcRenderer\.invoke\(/g)?.map(() => 'ipcRenderer'));
  });
});
