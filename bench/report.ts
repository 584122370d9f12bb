import type { Manifest } from './bench-db';
import type { BundleResult } from './bundle-size';
import type { StepResult } from './measure';

/** The printed table: app figure, floor figure, their ratio, the target and whether it is met. */

export interface TableRow {
  step: string;
  app: string;
  floor: string;
  ratio: string;
  target: string;
  pass: boolean | null;
  /** Peak RSS of the app's step process (and of the floor's). */
  memory: string;
  memoryPass: boolean | null;
  /** The app step's longest event-loop block, and whether it stayed under BLOCK_LIMIT_MS. */
  block: string;
  blockMs: number | null;
  blockPass: boolean | null;
  /** Whether the app and the floor found the same thing (counts, ids). */
  same: string;
  appMs: number | null;
  floorMs: number | null;
}

/** Issue 21: no app step may use more than this much memory. */
const MEMORY_LIMIT_MB = 300;
/** Issue 13: no app step may hold the event loop (the window, the next call) for longer than this. */
export const BLOCK_LIMIT_MS = 100;

type Outcome = StepResult | { id: string; error: string };

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`);
const mb = (value: number) => `${value.toFixed(0)} MB`;

function sameDetail(name: string, app: Record<string, unknown>, floor: Record<string, unknown>, manifest: Manifest): string {
  // Key order differs between the app's objects and the floor's: compare with sorted keys.
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]))
      : value;
  const eq = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  const pickKeys = (keys: string[]) => {
    const differs = keys.filter((k) => !eq(app[k], floor[k]));
    return differs.length === 0 ? `= ${keys.map((k) => `${k} ${typeof app[k] === 'object' ? '…' : String(app[k])}`).join(', ')}` : `≠ ${differs.join(', ')}`;
  };
  switch (name) {
    case 'generate':
      if (app.reused) return `data reused: the floor copied ${String(floor.rows)} rows as they are now`;
      return eq(floor.rowCounts, manifest.rowCounts) ? `= ${manifest.rows} rows` : '≠ row counts';
    case 'dashboard':
      return pickKeys(['tasks', 'byStatus', 'byLight', 'rounds', 'reported']);
    case 'my-tasks':
      return pickKeys(['lead', 'cooperating', 'ids']);
    case 'search':
      return pickKeys(['total', 'ids']);
    case 'task-page':
      return pickKeys(['total', 'ids']);
    case 'export-summary':
    case 'export-template':
      // Rows per sheet of the app's file (read back by the floor) against the rows the floor wrote.
      return eq(floor.appSheets, floor.sheets) ? `= rows ${Object.values(floor.sheets as Record<string, number>).join('/')}` : '≠ sheets';
    default:
      return '';
  }
}

/** The steps `--engine postgres` measures (postgres-bench.ts); the others are the SQLite file's or the desktop's. */
export const POSTGRES_STEPS = ['import-sqlite', 'dashboard', 'my-tasks', 'search', 'task-page', 'export-summary', 'export-template', 'import'] as const;

export function summarize(results: Outcome[], manifest: Manifest, bundle: BundleResult | null, engine: 'sqlite' | 'postgres' = 'sqlite'): { rows: TableRow[]; errors: string[] } {
  const get = (id: string) => results.find((r) => r.id === id);
  const rows: TableRow[] = [];
  const errors = results.filter((r): r is { id: string; error: string } => 'error' in r).map((r) => `${r.id}: ${r.error}`);

  const add = (name: string, label: string, target: { maxMs?: number; maxRatio?: number; text: string } | null) => {
    // Each engine's table has its own rows: PostgreSQL's its steps, SQLite's all but PostgreSQL's import.
    if (engine === 'postgres' ? !(POSTGRES_STEPS as readonly string[]).includes(name) : name === 'import-sqlite') return;
    const app = get(`${name}:app`);
    const floor = get(`${name}:floor`);
    const appOk = app && !('error' in app) ? app : null;
    const floorOk = floor && !('error' in floor) ? floor : null;
    let appMs = appOk?.medianMs ?? null;
    if (name === 'generate' && appMs === null) appMs = manifest.generation.ms;
    const floorMs = floorOk?.medianMs ?? null;
    // Generation compares rates (the same rows when freshly generated), every other step times.
    const ratio =
      appMs !== null && floorMs
        ? name === 'generate'
          ? manifest.rows / appMs / (Number(floorOk?.detail.rows ?? manifest.rows) / floorMs)
          : appMs / floorMs
        : null;
    let pass: boolean | null = null;
    if (target && appMs !== null) {
      pass = true;
      if (target.maxMs !== undefined && appMs > target.maxMs) pass = false;
      const slower = name === 'generate' && ratio !== null ? 1 / ratio : ratio;
      if (target.maxRatio !== undefined && (slower === null || slower > target.maxRatio)) pass = false;
    }
    // The runs' spread next to the median: this machine varies by a fifth from run to run, which decides a close call.
    const spread = appOk && appOk.runsMs.length > 1 ? ` [${ms(Math.min(...appOk.runsMs))}–${ms(Math.max(...appOk.runsMs))}]` : '';
    const appText =
      // A step left out by BENCH_STEPS was not run; 'error' is kept for a step that ran and failed.
      appMs === null ? (app ? 'error' : '未测 not run') : name === 'generate' ? `${ms(appMs)} · ${Math.round(manifest.rows / (appMs / 1000)).toLocaleString('en')} rows/s` : `${ms(appMs)}${spread}`;
    // The floor's rate counts the rows it copied (more than were generated when the data is reused after imports).
    const floorRows = Number(floorOk?.detail.rows ?? manifest.rows);
    const floorText =
      floorMs === null ? '—' : name === 'generate' ? `${ms(floorMs)} · ${Math.round(floorRows / (floorMs / 1000)).toLocaleString('en')} rows/s` : ms(floorMs);
    const memory = [appOk ? mb(appOk.maxRssMb) : '', floorOk ? `(${mb(floorOk.maxRssMb)})` : ''].filter(Boolean).join(' ');
    const bulk = name === 'generate' || name === 'import-sqlite';
    rows.push({
      step: label,
      app: appText,
      floor: floorText,
      ratio: ratio === null ? '—' : name === 'generate' ? `${(1 / ratio).toFixed(1)}× slower` : `${ratio.toFixed(1)}×`,
      target: target?.text ?? '—',
      pass,
      memory,
      memoryPass: appOk ? appOk.maxRssMb < MEMORY_LIMIT_MB : null,
      // Generation is the bench's own bulk load, and the import into PostgreSQL a one-off command of the administrator's,
      // not something the app does while a window waits.
      block: appOk && !bulk ? ms(appOk.longestBlockMs) : '',
      blockMs: appOk && !bulk ? appOk.longestBlockMs : null,
      blockPass: appOk && !bulk ? appOk.longestBlockMs < BLOCK_LIMIT_MS : null,
      same:
        appOk && floorOk
          ? sameDetail(name, appOk.detail, floorOk.detail, manifest)
          : name === 'generate' && floorOk
            ? sameDetail(name, { reused: true }, floorOk.detail, manifest)
            : '',
      appMs,
      floorMs,
    });
  };

  add('open-migrate', '打开并迁移新数据库 open + migrate (empty)', null);
  add('open-large', '打开大数据库 open large DB → first answer (quick_check behind it)', { maxMs: 300, text: '< 300 ms' });
  add('generate', `生成数据 generate (${manifest.rows.toLocaleString('en')} rows)`, { maxRatio: 2, text: '≥ 1/2 raw rate' });
  // The PostgreSQL run's data: the generated SQLite file through the app's `--import-sqlite` (checked row counts and hashes).
  add('import-sqlite', '导入到 PostgreSQL import-sqlite (every row, checked) + VACUUM ANALYZE', null);
  // Issue 21: each interactive step under 20 ms at 1,000,000 reports.
  add('dashboard', '跟踪分析 dashboard (large plan)', { maxMs: 20, text: '< 20 ms' });
  add('my-tasks', '我的任务 my tasks (largest unit: page + 2 counts)', { maxMs: 20, text: '< 20 ms' });
  add('search', `全文检索 search (${engine === 'postgres' ? 'pg_trgm' : 'FTS'}, large plan: first page + count)`, { maxMs: 20, text: '< 20 ms' });
  add('task-page', '任务列表 filtered, sorted page of 50', { maxMs: 20, text: '< 20 ms' });
  // Issue 21: exports at most 2× the bare streaming write, the template import at most 2× the bare read and under 1 s.
  add('export-summary', '全省进展汇总表 export (one round)', { maxMs: 1500, maxRatio: 2, text: '< 1.5 s, ≤ 2×' });
  add('export-template', '填报模板 unit template export', { maxMs: 1500, maxRatio: 2, text: '< 1.5 s, ≤ 2×' });
  add('import', '模板导入 import (preview + apply)', { maxMs: 1000, maxRatio: 2, text: '< 1 s, ≤ 2×' });
  add('backup', '备份 backup of the large DB', null);
  add('first-paint', '浏览器模式首屏 browser mode: start → first paint (large DB)', null);
  if (bundle) {
    rows.push({
      step: '界面首屏 renderer initial JS (gzip)',
      app: bundle.ok ? `${(bundle.initialGzip / 1024).toFixed(0)} KB` : 'build failed',
      floor: '—',
      ratio: '—',
      target: '< 1 MB',
      pass: bundle.ok ? bundle.initialGzip < 1024 * 1024 : false,
      memory: '',
      memoryPass: null,
      block: '',
      blockMs: null,
      blockPass: null,
      same: bundle.ok ? `lazy chunks ${(bundle.lazyGzip / 1024).toFixed(0)} KB` : bundle.message,
      appMs: null,
      floorMs: null,
    });
  }
  // A floor that found something else than the app measures something else: the comparison is void.
  for (const row of rows) if (row.same.startsWith('≠')) errors.push(`${row.step}: the app and its floor disagree (${row.same})`);
  return { rows, errors };
}

/** Display width: CJK characters take two columns in a terminal. */
const width = (text: string) => [...text].reduce((w, ch) => w + (/[\u2e80-\u9fff\uff00-\uffef]/u.test(ch) ? 2 : 1), 0);
const pad = (text: string, size: number) => text + ' '.repeat(Math.max(0, size - width(text)));

export function printTable(
  summary: { rows: TableRow[]; errors: string[] },
  report: {
    scale: number;
    totalSeconds: number;
    machine: { cpus: number; loadavg: { start: number[]; end: number[] } };
    dataset: { rowCounts: Record<string, number> };
    steps?: readonly Outcome[];
  },
  engine: { name: string; resultsFile: string } = { name: '', resultsFile: 'latest.json' },
): void {
  const verdict = (pass: boolean | null) => (pass === null ? '' : pass ? 'PASS' : 'MISS');
  const header = ['step', 'app (median [min–max])', 'floor', 'app/floor', 'target', '', 'longest block', `< ${BLOCK_LIMIT_MS} ms`, 'peak RSS app (floor)', 'mem', 'same result'];
  const lines = summary.rows.map((r) => [
    r.step,
    r.app,
    r.floor,
    r.ratio,
    r.target,
    verdict(r.pass),
    r.block,
    verdict(r.blockPass),
    r.memory,
    r.memoryPass === null ? '' : r.memoryPass ? 'ok' : `≥ ${MEMORY_LIMIT_MB}`,
    r.same,
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...lines.map((l) => width(l[i]!))));
  const out = [header, widths.map((w) => '-'.repeat(w)), ...lines].map((l) => l.map((cell, i) => pad(cell, widths[i]!)).join('  ').trimEnd());
  const c = report.dataset.rowCounts;
  console.log('');
  console.log(
    `Plan Desk bench${engine.name ? ` on ${engine.name}` : ''} — scale ${report.scale}: ${c.plans} plans, ${c.tasks} tasks, ${c.units} units, ${c.rounds} rounds, ${c.progress_reports} reports, ` +
      `${c.attachments} attachments, ${c.supervision_notices} notices, ${c.problems} problems`,
  );
  console.log(out.join('\n'));
  const peak = Math.max(...summary.rows.map((r) => Number.parseFloat(r.memory) || 0));
  const blocked = summary.rows.filter((r) => r.blockPass !== null);
  const worst = blocked.reduce<TableRow | null>((w, r) => (w === null || (r.blockMs ?? 0) > (w.blockMs ?? 0) ? r : w), null);
  if (worst) console.log(`longest event-loop block of any app step: ${worst.block} (${worst.step}; target < ${BLOCK_LIMIT_MS} ms) ${blocked.every((r) => r.blockPass) ? 'PASS' : 'MISS'}`);
  console.log(`peak memory of any app step: ${peak.toFixed(0)} MB (target < ${MEMORY_LIMIT_MB} MB) ${peak < MEMORY_LIMIT_MB ? 'PASS' : 'MISS'}`);
  const firstOfDay = (report.steps ?? []).flatMap((step) =>
    'detail' in step && typeof step.detail.firstOfDayMs === 'number' && step.id.endsWith(':app')
      ? [`${step.id.slice(0, -4)} ${ms(step.detail.firstOfDayMs)}${typeof step.detail.recountMs === 'number' ? ` (counted afresh ${ms(step.detail.recountMs)})` : ''}`]
      : [],
  );
  if (firstOfDay.length > 0) console.log(`first call of a day, the tallies kept yesterday moved on (not in the medians; its blocks are in the step's): ${firstOfDay.join(', ')}`);
  console.log(
    `${report.machine.cpus} CPUs, load average ${report.machine.loadavg.start.map((l) => l.toFixed(1)).join('/')} → ${report.machine.loadavg.end.map((l) => l.toFixed(1)).join('/')}; ` +
      `total ${report.totalSeconds} s; full results in bench/results/${engine.resultsFile}`,
  );
  for (const error of summary.errors) console.log(`ERROR ${error}`);
}
