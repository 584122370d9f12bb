import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/**
 * The real programs the Excel tests pass files through: LibreOffice (re-save, render to PDF), openpyxl (edit as
 * Python scripts do) and poppler (read the PDFs). CI installs them from Debian's packages (.ci/run). Missing one,
 * a test fails under CI with what to install, and is skipped elsewhere with the same reason printed.
 */

const run = promisify(execFile);

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

export const SOFFICE: string | null =
  onPath('soffice') ??
  ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice', '/Applications/LibreOffice.app/Contents/MacOS/soffice'].find(
    (path) => existsSync(path),
  ) ??
  null;

/** Debian's python, where python3-openpyxl installs; the `python3` on PATH may be another installation. */
export const PYTHON = '/usr/bin/python3';

export async function missingTools(needs: { soffice?: boolean; openpyxl?: boolean; poppler?: boolean }): Promise<string | null> {
  const missing: string[] = [];
  if (needs.soffice && !SOFFICE) missing.push('LibreOffice（apt-get install libreoffice-calc-nogui）');
  if (needs.openpyxl) {
    const ok = existsSync(PYTHON) && (await run(PYTHON, ['-c', 'import openpyxl']).then(() => true, () => false));
    if (!ok) missing.push(`openpyxl（apt-get install python3-openpyxl，用 ${PYTHON} 运行）`);
  }
  if (needs.poppler && (!onPath('pdftotext') || !onPath('pdffonts'))) missing.push('poppler（apt-get install poppler-utils）');
  return missing.length > 0 ? `缺少 ${missing.join('、')}` : null;
}

/** Under CI a missing tool is a failure; elsewhere the tests are skipped with the reason printed. */
export function toolPolicy(reason: string | null): { skip: boolean; failUnderCi: boolean } {
  if (reason === null) return { skip: false, failUnderCi: false };
  if (process.env.CI) return { skip: true, failUnderCi: true };
  console.warn(`[跳过] ${reason}；安装后这些测试会运行（CI 中缺少即失败）。`);
  return { skip: true, failUnderCi: false };
}

/**
 * Converts files with one LibreOffice call (each start costs seconds), using a private profile so that parallel
 * runs, and a user's own LibreOffice, never share one.
 */
export async function convertWithLibreOffice(files: string[], target: string, outDir: string): Promise<void> {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) not found');
  const profile = mkdtempSync(join(tmpdir(), 'plan-desk-lo-'));
  try {
    await run(SOFFICE, ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', target, '--outdir', outDir, ...files], {
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function runPython(script: string, args: string[]): Promise<string> {
  const { stdout } = await run(PYTHON, [script, ...args], { timeout: 60_000 });
  return stdout;
}

export async function pdfText(pdf: string, page?: number): Promise<string> {
  const range = page !== undefined ? ['-f', String(page), '-l', String(page)] : [];
  const { stdout } = await run('pdftotext', ['-layout', ...range, pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function pdfPages(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/Pages:\s+(\d+)/u.exec(stdout)?.[1] ?? 0);
}

/**
 * The text of a PDF in reading order (pdftotext without -layout, which keeps a table cell's lines together instead of
 * interleaving them with the cells beside them), with line breaks, blanks and the continuation marks of
 * sheet-layout.ts removed: what a reader gets from the pages, cell by cell.
 */
export async function pdfCellText(pdf: string): Promise<string> {
  const { stdout } = await run('pdftotext', [pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.replace(/（续）/gu, '').replace(/\s+/gu, '');
}

/** The fonts embedded in a PDF, by name. */
export async function pdfFonts(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdffonts', [pdf]);
  return stdout
    .split('\n')
    .slice(2)
    .map((line) => line.split(/\s+/u)[0] ?? '')
    .filter(Boolean);
}
