import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

/** The integrity check's and the backup's worker threads run at the lowest priority; the app's own thread does not. */
describe.skipIf(process.platform !== 'linux')('background database work on Linux', () => {
  it('lowers the priority of the worker that asks, and of no other thread', async () => {
    const helper = new URL('./background-priority.mjs', import.meta.url).href;
    const worker = new Worker(
      `import { readlinkSync } from 'node:fs';
       import { getPriority } from 'node:os';
       import { parentPort } from 'node:worker_threads';
       const { yieldToForeground } = await import(${JSON.stringify(helper)});
       const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
       const before = getPriority(thread);
       const lowered = yieldToForeground();
       parentPort.postMessage({ before, lowered, after: getPriority(thread) });`,
      { eval: true },
    );
    const reply = await new Promise<{ before: number; lowered: boolean; after: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply).toEqual({ before: getPriority(), lowered: true, after: 19 });
    // The process (its main thread: the one answering calls) keeps its priority.
    expect(getPriority()).toBe(reply.before);
  });
});
