import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedFile } from '../api/reports.types';
import type { ExchangeInfo, PackageApplyResult } from '../api/exchange-packages.types';
import { asLocal, closeInstall, openInstall, type Install } from './testing/two-installs';

/**
 * Bench (run with PLAN_DESK_BENCH=1; skipped otherwise, it moves 50 MB): a unit with 300 tasks and 50 MB of
 * attachments. Each of export and import, through the dispatcher as the doors call it, must take under 10 s and add
 * under 300 MB to the process (resident set, and live heap + buffers, sampled every 10 ms, over their values before).
 * The process also holds the test runner and both installs, so its absolute figure is printed beside, not asserted.
 */

const BENCH = process.env.PLAN_DESK_BENCH === '1';
type Pc = Install & { dir: string };
let office: Pc;
let unit: Pc;
const officeCaller = asLocal({ role: 'office', person: '王五' });
let unitCaller: ReturnType<typeof asLocal>;

async function measured<T>(step: string, run: () => Promise<T>): Promise<T> {
  // Resident set (what the OS sees; it seldom shrinks again) and live JS heap + buffers (what this step holds).
  const live = () => {
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.external;
  };
  const before = process.memoryUsage().rss;
  const liveBefore = live();
  let peak = before;
  let livePeak = liveBefore;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
    livePeak = Math.max(livePeak, live());
  };
  const timer = setInterval(sample, 10);
  const started = performance.now();
  try {
    return await run();
  } finally {
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    sample();
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.log(`[bench] ${step}: ${seconds.toFixed(2)} s; RSS +${mb(peak - before)} MB (peak ${mb(peak)} MB); heap+buffers +${mb(livePeak - liveBefore)} MB`);
    expect(seconds, step).toBeLessThan(10);
    expect(Math.max(peak - before, livePeak - liveBefore) / 1024 / 1024, step).toBeLessThan(300);
  }
}

describe.skipIf(!BENCH)('a unit with 300 tasks and 50 MB of attachments', () => {
  beforeAll(async () => {
    office = await openInstall('bench-office', '2024-06-20');
    unit = await openInstall('bench-unit', '2024-06-21');
    const datong = (await office.call<{ id: number; name: string }[]>('units.list', {})).find((u) => u.name === '大同市')!.id;
    const measures = new Set((await office.call<{ rows: { id: number; measureId?: number }[] }>('tasks.list', { planId: 1, limit: 300 })).rows.map((r) => r.id));
    // The plan's 270 tasks and 30 the office adds.
    const firstMeasure = (await office.call<{ measureId: number }>('tasks.get', { id: [...measures][0]! })).measureId;
    for (let i = 0; i < 30; i++) await office.call('tasks.add', { measureId: firstMeasure, text: `新增任务 ${i + 1}：推进重点项目落地见效` }, officeCaller);
    const all = (await office.call<{ rows: { id: number }[] }>('tasks.list', { planId: 1, limit: 400 })).rows.map((r) => r.id);
    expect(all).toHaveLength(300);
    await office.call('tasks.assign', { taskIds: all, leadUnitId: datong, deadline: '2025-12-31', milestones: [{ year: 2024, title: '年度目标', dueDate: '2024-12-31' }] }, officeCaller);
    await office.call('rounds.open', { planId: 1, name: '2024年第二季度调度', periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-07-05', unitIds: [datong] }, officeCaller);
    const fingerprint = (await office.call<ExchangeInfo>('exchange.info', {})).fingerprint;
    const dispatch = await office.call<ExportedFile>('exchange.exportDispatch', { unitId: datong }, officeCaller);
    await unit.call('exchange.applyDispatch', { ...dispatch, confirmFingerprint: fingerprint });
    unitCaller = asLocal({ role: 'unit', unitId: datong, person: '赵六' });
    // 300 reports; 25 of them carry two files of 1,000,000 bytes: 50 MB that does not compress (as PDFs and photos).
    unit.day = '2024-07-01';
    for (const [i, taskId] of all.entries()) {
      const attachments = i < 25 ? [0, 1].map((n) => ({ name: `佐证-${i}-${n}.pdf`, contentBase64: randomBytes(1_000_000).toString('base64') })) : [];
      await unit.call('progress.submit', { taskId, status: '序时推进', percent: 30, progress: `任务 ${i + 1} 本期进展：完成前期工作，正在推进。`.repeat(4), problems: '', nextSteps: '下一步继续推进', coordination: '', attachments }, unitCaller);
    }
  }, 600_000);

  afterAll(async () => {
    if (!BENCH) return;
    await closeInstall(office);
    await closeInstall(unit);
  });

  it('下发包: export at the office and import on the unit’s PC', async () => {
    const datong = (await office.call<{ id: number; name: string }[]>('units.list', {})).find((u) => u.name === '大同市')!.id;
    const file = await measured('下发包 export (300 tasks)', () => office.call<ExportedFile>('exchange.exportDispatch', { unitId: datong }, officeCaller));
    await measured('下发包 preview + apply', async () => {
      await unit.call('exchange.previewDispatch', file);
      return unit.call('exchange.applyDispatch', file);
    });
  }, 120_000);

  it('上报包: export on the unit’s PC and import at the office', async () => {
    const file = await measured('上报包 export (300 reports, 50 MB)', () => unit.call<ExportedFile>('exchange.exportReport', {}, unitCaller));
    console.log(`[bench] 上报包 size ${(Buffer.byteLength(file.contentBase64, 'base64') / 1024 / 1024).toFixed(1)} MB`);
    const fingerprint = (await unit.call<ExchangeInfo>('exchange.info', {})).fingerprint;
    office.day = '2024-07-02';
    const result = await measured('上报包 preview + apply', async () => {
      await office.call('exchange.previewReport', file, officeCaller);
      return office.call<PackageApplyResult>('exchange.applyReport', { ...file, confirmFingerprint: fingerprint }, officeCaller);
    });
    expect(result.written).toMatchObject({ reports: 300, attachments: 50 });
  }, 120_000);
});
