import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedFile } from '../api/reports.types';
import { closeRound } from '../rounds/rounds.service';
import { exportTemplateHere } from '../exchange/template.service';
import { seedUnitRound, type RoundFixture } from '../exchange/testing/template-fixtures';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { EXPORT_LIMITS, runExport } from './export-runner';
import { exportReportHere } from './report.service';

/**
 * Exports run in the export worker, built here the way the app's build builds it (its own entry), against the same
 * database file through the worker's own read-only connection: the file is the one the main thread would have made,
 * and the main thread's export code is never called.
 */

let t: SeededDatabase;
let f: RoundFixture;
let outDir: string;
let workerUrl: URL;
const context = { today: '2025-04-20', thresholds: DEFAULT_WARNING_THRESHOLDS };
const notHere = () => Promise.reject(new Error('导出在主线程中执行了'));

beforeAll(async () => {
  const root = resolve(import.meta.dirname, '../..');
  // Inside the repository, so that the worker finds node_modules (better-sqlite3, exceljs) as the built app does.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  outDir = mkdtempSync(join(root, 'node_modules', '.cache', 'export-worker-test-'));
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      ssr: true,
      outDir,
      target: 'node20',
      minify: false,
      rollupOptions: { input: { 'export.worker': resolve(root, 'src-main/reports/export.worker.ts') }, output: { format: 'es', entryFileNames: '[name].js' } },
    },
  });
  workerUrl = pathToFileURL(join(outDir, 'export.worker.js'));
  t = await createSeededDatabase();
  f = await seedUnitRound(t);
}, 120_000);
afterAll(() => {
  t.dispose();
  rmSync(outDir, { recursive: true, force: true });
});

async function rowsOf(file: ExportedFile): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
  return workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().filter(Boolean) as unknown[][]);
}

describe('the export worker', () => {
  it('makes the report the main thread would make, from its own connection', async () => {
    const input = { report: 'provinceSummary' as const, planId: t.planId, roundId: f.roundId };
    const fromWorker = await runExport(t.db, { kind: 'report', input, context }, notHere, { ...EXPORT_LIMITS, workerUrl });
    const here = await exportReportHere(t.db, input, context);
    expect(fromWorker.fileName).toBe(here.fileName);
    expect(await rowsOf(fromWorker)).toEqual(await rowsOf(here));
  });

  it("makes a unit's template, and a refusal arrives as the same Chinese error", async () => {
    const scope = { planId: t.planId, unitId: f.unitId, roundId: f.roundId };
    const now = new Date('2025-04-20T02:00:00Z');
    const fromWorker = await runExport(t.db, { kind: 'template', actor: t.office, scope, now }, notHere, { ...EXPORT_LIMITS, workerUrl });
    const here = await exportTemplateHere(t.db, t.office, scope, now);
    expect(fromWorker.fileName).toBe(here.fileName);
    expect(await rowsOf(fromWorker)).toEqual(await rowsOf(here));

    const other = await t.actorFor('省发展改革委');
    await expect(runExport(t.db, { kind: 'template', actor: other, scope, now }, notHere, { ...EXPORT_LIMITS, workerUrl })).rejects.toMatchObject({
      name: 'AppError',
      code: 'FORBIDDEN',
      message: expect.stringContaining('只能导出本单位的填报模板'),
    });
  });

  it('reads what the app has committed, including a change made a moment before', async () => {
    await closeRound(t.db, t.office, f.roundId, context.today, DEFAULT_WARNING_THRESHOLDS);
    const scope = { planId: t.planId, unitId: f.unitId, roundId: f.roundId };
    await expect(
      runExport(t.db, { kind: 'template', actor: t.office, scope, now: new Date() }, notHere, { ...EXPORT_LIMITS, workerUrl }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已结束') });
  });
});
