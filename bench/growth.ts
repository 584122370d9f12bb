import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepResult } from './measure';

/**
 * How the interactive steps' cost grows with the data (issue 21: at BENCH_SCALE=4 each at most 1.5× its time at
 * scale 1). Every run keeps its interactive medians in bench/results/scale-<scale>.json; a run at another scale
 * prints both beside each other and the slope. The two runs are apart in time on a shared machine: the figures say
 * how the cost grows, with the noise of two separate runs in them (the load average of each is printed).
 */

/** The steps a user waits for on a click, by the app's step id. */
export const INTERACTIVE_STEPS = ['open-large', 'dashboard', 'my-tasks', 'search', 'task-page'] as const;
/** Issue 21: the time at scale 4 at most this many times the time at scale 1. */
export const MAX_SLOPE = 1.5;

interface ScaleFigures {
  scale: number;
  startedAt: string;
  loadavg: number[];
  reports: number;
  medians: Partial<Record<string, number>>;
}

const fileOf = (resultsDir: string, scale: number) => join(resultsDir, `scale-${scale}.json`);

/** Keeps this run's interactive medians (merged over an earlier run at the same scale when only some steps ran). */
export function recordScale(
  resultsDir: string,
  scale: number,
  results: readonly (StepResult | { id: string; error: string })[],
  run: { startedAt: string; loadavg: number[]; reports: number },
): void {
  const file = fileOf(resultsDir, scale);
  const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ScaleFigures) : null;
  const medians: Partial<Record<string, number>> = { ...(before?.medians ?? {}) };
  for (const result of results) {
    const [name, side] = result.id.split(':');
    if (side === 'app' && 'medianMs' in result && (INTERACTIVE_STEPS as readonly string[]).includes(name!)) medians[name!] = result.medianMs;
  }
  const figures: ScaleFigures = { scale, ...run, medians };
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}

/** The growth table between scale 1 and the other scale run last, when both have been recorded. */
export function printGrowth(resultsDir: string, scale: number): void {
  const other = scale === 1 ? 4 : scale;
  if (!existsSync(fileOf(resultsDir, 1)) || !existsSync(fileOf(resultsDir, other)) || other === 1) return;
  const base = JSON.parse(readFileSync(fileOf(resultsDir, 1), 'utf8')) as ScaleFigures;
  const grown = JSON.parse(readFileSync(fileOf(resultsDir, other), 'utf8')) as ScaleFigures;
  const ms = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(value < 10 ? 2 : 1)} ms`);
  const load = (f: ScaleFigures) => f.loadavg.map((l) => l.toFixed(1)).join(' ');
  console.log('');
  console.log(
    `Growth — scale 1 (${base.reports.toLocaleString('en')} reports, ${base.startedAt}, load ${load(base)}) → scale ${other} ` +
      `(${grown.reports.toLocaleString('en')} reports, ${grown.startedAt}, load ${load(grown)}); slope target ≤ ${MAX_SLOPE}×`,
  );
  for (const name of INTERACTIVE_STEPS) {
    const a = base.medians[name];
    const b = grown.medians[name];
    const slope = a !== undefined && b !== undefined && a > 0 ? b / a : null;
    const verdict = slope === null ? '' : slope <= MAX_SLOPE ? 'PASS' : 'MISS';
    console.log(`  ${name.padEnd(12)} ${ms(a).padStart(10)} → ${ms(b).padStart(10)}   ${slope === null ? '—' : `${slope.toFixed(2)}×`}  ${verdict}`);
  }
}
