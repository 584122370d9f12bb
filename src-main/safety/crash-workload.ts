import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/database.types';
import type { ImportPreview } from '../api/plan-import.types';
import { previewPlanImport, savePlanImport } from '../plan-import/plan-import.service';
import { AttachmentStore } from '../progress/attachment-store';
import { submitReport } from '../progress/progress.service';
import { resolveProfile } from '../identity/local-actor';
import shippedPlanText from '../../resources/plans/shanxi-regional-integration-2021.txt?raw';

/**
 * What the crash test's child process writes, through the app's own services, and how the parent checks it
 * after each kill. One writer per kind of write; adding a kind means adding one entry to WRITERS (and the
 * check that its writes are whole).
 */

export interface CrashWriter {
  kind: string;
  /** Performs one complete write and returns the id the app would show the user once it is committed. */
  write(db: Kysely<Database>, dataDir: string, serial: number): Promise<number>;
}

/**
 * The imported plan, as the office imports one in the UI: the shipped plan's text previewed (previewPlanImport, the
 * preview channel's service), cut to its first chapter with tasks (an edit the preview allows; sections, ~20
 * measures, ~90 tasks, the indicators, the units and deadlines the text names), then saved by savePlanImport, the
 * save channel's service: a few hundred rows in one transaction, small enough that forty rounds stay a few tens of MB.
 */
export async function crashImportPreview(db: Kysely<Database>): Promise<ImportPreview> {
  const preview = await previewPlanImport(db, { fileName: 'crash-test.txt', contentBase64: Buffer.from(shippedPlanText, 'utf8').toString('base64') });
  return { ...preview, chapters: preview.chapters.filter((chapter) => chapter.hasTasks).slice(0, 1) };
}

export type ImportShape = ReturnType<typeof importShape>;

/** What a whole import of `preview` writes: its chapters, sections, measures, tasks and indicators. */
export function importShape(preview: ImportPreview) {
  const sections = preview.chapters.flatMap((chapter) => chapter.children);
  const measures = sections.flatMap((section) => section.children);
  return {
    chapters: preview.chapters.length,
    sections: sections.length,
    measures: measures.length,
    tasks: measures.reduce((sum, measure) => sum + measure.children.length, 0),
    indicators: preview.indicators.length,
  };
}

/** Imported plans are told apart by their title (savePlanImport makes the code from it). */
export const IMPORT_TITLE_PREFIX = '崩溃测试规划';
export const REPORT_SOURCE = 'crash-test';

export function writers(): CrashWriter[] {
  let preview: Promise<ImportPreview> | undefined;
  return [
    {
      // 规划导入 through the UI's save: plan, import record and the proposed assignments in one transaction.
      kind: 'import',
      write: async (db, _dataDir, serial) => {
        preview ??= crashImportPreview(db);
        const ready = await preview;
        const actor = await resolveProfile(db, CRASH_PROFILE);
        const saved = await savePlanImport(db, actor, {
          preview: ready,
          title: `${IMPORT_TITLE_PREFIX}${serial}`,
          // The shipped plan states its period (十四五); a preview leaves it null only for documents that do not.
          periodStart: ready.periodStart ?? 2021,
          periodEnd: ready.periodEnd ?? 2025,
        });
        return saved.planId;
      },
    },
    {
      // 进展填报 with a 佐证材料 file: file first, then report + attachment row + task update + history in one
      // transaction (progress.service.ts).
      kind: 'report',
      write: async (db, dataDir, serial) => {
        const actor = await resolveProfile(db, CRASH_PROFILE);
        const percent = 1 + (serial % 98);
        const { reportId } = await submitReport(
          db,
          new AttachmentStore(dataDir),
          actor,
          {
            taskId: 1 + (serial % 200),
            status: '序时推进',
            percent,
            progress: `崩溃测试第 ${serial} 次填报：本期推进情况。`,
            problems: '',
            nextSteps: '继续推进。',
            coordination: '',
            attachments: [{ name: `佐证材料-${serial}.txt`, contentBase64: Buffer.from(`证明材料 ${serial}`).toString('base64') }],
          },
          { source: 'import', sourceRef: REPORT_SOURCE },
        );
        return reportId;
      },
    },
  ];
}

/** The person the reports are recorded under, as a window would send it. */
const CRASH_PROFILE = { role: 'office', person: '崩溃测试' };

export interface Acknowledged {
  kind: string;
  id: number;
}

/**
 * Every problem found in a database after a crash: integrity, foreign keys, acknowledged writes missing,
 * half-written imports or reports. An empty list is a pass.
 */
export function findCrashDamage(
  sqlite: BetterSqlite3.Database,
  attachmentsDir: string,
  acknowledged: readonly Acknowledged[],
  shape: ImportShape,
): string[] {
  const problems: string[] = [];
  const integrity = sqlite.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  const foreignKeys = sqlite.pragma('foreign_key_check') as unknown[];
  if (foreignKeys.length > 0) problems.push(`foreign_key_check: ${foreignKeys.length} 行`);

  const ids = (sql: string) => new Set((sqlite.prepare(sql).all() as { id: number }[]).map((row) => row.id));
  const plans = ids(`SELECT id FROM plans WHERE title LIKE '${IMPORT_TITLE_PREFIX}%'`);
  // The import record is written in the same transaction as its plan.
  const recorded = ids(`SELECT plan_id AS id FROM plan_imports WHERE file_name = 'crash-test.txt'`);
  for (const id of plans) if (!recorded.has(id)) problems.push(`导入 #${id} 缺少导入记录`);
  const reports = ids(`SELECT id FROM progress_reports WHERE source_ref = '${REPORT_SOURCE}'`);
  for (const ack of acknowledged) {
    const present = ack.kind === 'import' ? plans.has(ack.id) : ack.kind === 'report' ? reports.has(ack.id) : false;
    if (!present) problems.push(`已确认的 ${ack.kind} #${ack.id} 丢失`);
  }

  // No half-written import: every imported plan has exactly the previewed plan's shape.
  const counts = sqlite
    .prepare(
      `SELECT p.id,
         (SELECT count(*) FROM chapters c WHERE c.plan_id = p.id) AS chapters,
         (SELECT count(*) FROM sections s WHERE s.plan_id = p.id) AS sections,
         (SELECT count(*) FROM measures m WHERE m.plan_id = p.id) AS measures,
         (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id) AS tasks,
         (SELECT count(*) FROM indicators i WHERE i.plan_id = p.id) AS indicators
       FROM plans p WHERE p.title LIKE '${IMPORT_TITLE_PREFIX}%'`,
    )
    .all() as ({ id: number } & typeof shape)[];
  for (const { id, ...found } of counts) {
    if (JSON.stringify(found) !== JSON.stringify(shape)) problems.push(`导入 #${id} 不完整：${JSON.stringify(found)}，应为 ${JSON.stringify(shape)}`);
  }

  // No half-written report: each has its attachment row, whose file is on disk, and its task carries the
  // status of its newest report (the task update is in the same transaction).
  const orphanReports = sqlite
    .prepare(`SELECT r.id FROM progress_reports r WHERE r.source_ref = ? AND (SELECT count(*) FROM attachments a WHERE a.report_id = r.id) <> 1`)
    .all(REPORT_SOURCE) as { id: number }[];
  for (const { id } of orphanReports) problems.push(`填报 #${id} 缺少佐证材料记录`);
  const attachments = sqlite.prepare('SELECT stored_name, size FROM attachments').all() as { stored_name: string; size: number }[];
  for (const { stored_name, size } of attachments) {
    const file = join(attachmentsDir, stored_name);
    if (!existsSync(file) || statSync(file).size !== size) problems.push(`佐证材料文件缺失或不完整：${stored_name}`);
  }
  const staleTasks = sqlite
    .prepare(
      `SELECT t.id FROM tasks t
       JOIN progress_reports r ON r.id = (SELECT max(id) FROM progress_reports WHERE task_id = t.id)
       WHERE t.percent <> r.percent OR t.last_report_at IS NOT r.created_at`,
    )
    .all() as { id: number }[];
  for (const { id } of staleTasks) problems.push(`任务 #${id} 的状态与其最新填报不一致`);
  return problems;
}
