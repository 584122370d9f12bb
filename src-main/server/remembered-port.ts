import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the loopback browser mode keeps the port it listened on last time, inside the data folder. */
export const REMEMBERED_PORT_FILE = 'browser-port.txt';

/**
 * Starts the loopback browser mode on the port it used last time, or a free one when that port is taken.
 *
 * Why: the browser keeps the person chosen at first run (and the page's other stored settings) per origin, and the
 * origin includes the port. A new random port at every start made the app ask "who are you" again each time.
 */
export async function startOnRememberedPort<T extends { port: number }>(dataDir: string, start: (port: number) => Promise<T>): Promise<T> {
  const file = join(dataDir, REMEMBERED_PORT_FILE);
  const remembered = readRememberedPort(file);
  let running: T;
  if (remembered === null) running = await start(0);
  else {
    try {
      running = await start(remembered);
    } catch (error) {
      // Another program (or a second copy of the app) holds the port now: any free port still works, only the
      // stored settings of that origin are not found this time.
      if (!isPortUnavailable(error)) throw error;
      running = await start(0);
    }
  }
  if (running.port !== remembered) {
    try {
      writeFileSync(file, `${running.port}\n`);
    } catch {
      // A read-only data folder only costs the convenience of the same address next time.
    }
  }
  return running;
}

function readRememberedPort(file: string): number | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    const port = Number(text);
    return /^\d+$/u.test(text) && port >= 1024 && port <= 65535 ? port : null;
  } catch {
    return null;
  }
}

function isPortUnavailable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}
