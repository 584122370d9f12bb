/** Timing and memory for one measured step, which runs alone in its own process. */

export interface StepOutcome {
  /** Wall time of each measured run, warm-up excluded. */
  runsMs: number[];
  /** What the step produced (row counts, sizes), compared between the app and its floor. */
  detail: Record<string, unknown>;
}

export interface StepResult extends StepOutcome {
  id: string;
  medianMs: number;
  /** The process's peak resident set (kernel's maxRSS): the step's own peak, worker threads included. */
  maxRssMb: number;
  /** The largest V8 heap seen by a 5 ms sampler (it cannot sample while synchronous SQLite work holds the thread). */
  peakHeapMb: number;
  cpuMs: number;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface RunOptions {
  /** One untimed run first (caches, JIT, prepared statements). On by default. */
  warmup?: boolean;
  /** Stop after the run that takes the total past this (at least one run is always timed). */
  budgetMs?: number;
}

/** Runs `fn` (after a warm-up) up to `runs` times, timing each; slow steps stop early at their time budget. */
export async function timeRuns<T>(runs: number, fn: (run: number) => Promise<T> | T, options: RunOptions = {}): Promise<{ runsMs: number[]; last: T }> {
  let last: T | undefined = options.warmup === false ? undefined : await fn(-1);
  const runsMs: number[] = [];
  let spent = 0;
  for (let run = 0; run < runs && (run === 0 || spent < (options.budgetMs ?? Number.POSITIVE_INFINITY)); run++) {
    const t0 = performance.now();
    last = await fn(run);
    runsMs.push(performance.now() - t0);
    spent += runsMs.at(-1)!;
  }
  return { runsMs, last: last as T };
}

export function startMemorySampler(): { stop(): { peakHeapMb: number } } {
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      return { peakHeapMb: peakHeap / 1024 / 1024 };
    },
  };
}

/** maxRSS from getrusage: kilobytes on Linux and Windows (libuv normalises it). */
export const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;
