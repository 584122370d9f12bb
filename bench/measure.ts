/** Timing and memory for one measured step, which runs alone in its own process. */

export interface StepOutcome {
  /** Wall time of each measured run, warm-up excluded. */
  runsMs: number[];
  /** What the step produced (row counts, sizes), compared between the app and its floor. */
  detail: Record<string, unknown>;
  /** Set by a step that measures another process (browser mode's server): that process's longest block. */
  longestBlockMs?: number;
}

export interface StepResult extends StepOutcome {
  id: string;
  medianMs: number;
  /** The process's peak resident set (kernel's maxRSS): the step's own peak, worker threads included. */
  maxRssMb: number;
  /** The largest V8 heap seen by a 5 ms sampler (it cannot sample while synchronous SQLite work holds the thread). */
  peakHeapMb: number;
  cpuMs: number;
  /**
   * The longest time the step's event loop could not run a timer because the process was busy: what a window (or a
   * browser tab's next call) would have waited for at worst while the step ran (see `startBlockMonitor`).
   */
  longestBlockMs: number;
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
  const blocks = startBlockMonitor();
  for (let run = 0; run < runs && (run === 0 || spent < (options.budgetMs ?? Number.POSITIVE_INFINITY)); run++) {
    // Each run is its own call, as the window's calls are: the loop turns between them (runs of synchronous SQLite
    // chained by promises would otherwise count as one block).
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    last = await fn(run);
    runsMs.push(performance.now() - t0);
    spent += runsMs.at(-1)!;
  }
  noteRunsBlock(blocks.stop().longestBlockMs);
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

/**
 * Samples the event loop's delay for the life of a step (see `StepResult.longestBlockMs`): a timer every 5 ms, and for
 * each gap between its ticks the process's CPU time spent in that gap. A gap counts as a block only as far as the
 * process was busy in it: on a shared 2-core machine the timer also fires late when other processes hold both cores,
 * which no change to the app could cure (measured: 400–500 ms "blocks" in a 20 ms query while the load average was 5).
 * Worker threads count towards the CPU time, so this errs towards reporting a block, never towards hiding one. The
 * stretch from the last tick to `stop()` counts too (a step that never yields has no tick at all).
 */
export function startBlockMonitor(): { stop(): { longestBlockMs: number; longestWallGapMs: number } } {
  const tickMs = 5;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest = 0;
  let longestWall = 0;
  const sample = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const gap = now - last - tickMs;
    longestWall = Math.max(longestWall, gap);
    longest = Math.max(longest, Math.min(gap, (cpu.user + cpu.system) / 1000));
    last = now;
    lastCpu = process.cpuUsage();
  };
  const timer = setInterval(sample, tickMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { longestBlockMs: Math.max(0, longest), longestWallGapMs: Math.max(0, longestWall) };
    },
  };
}

let runsBlockMs: number | null = null;

/**
 * The longest block seen while a step's measured runs ran (timeRuns, or a step timing its own runs), which is what
 * the step reports: the step's own setup and teardown (opening the bench database, closing it with a WAL checkpoint)
 * are the bench's, not the app step's. Null when the step measured no runs of its own.
 */
export function noteRunsBlock(ms: number): void {
  runsBlockMs = Math.max(runsBlockMs ?? 0, ms);
}

export const runsBlock = (): number | null => runsBlockMs;
