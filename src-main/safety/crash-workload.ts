import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/database.types';
import { parsePlan, type ParsedPlan } from '../plan/plan.parser';
import { savePlan } from '../plan/plan.store';
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
 * The imported plan: chapter 三 of the shipped plan (sections, ~20 measures, ~90 tasks, the indicators), a few
 * hundred rows in one transaction; small enough that forty rounds of imports stay a few tens of MB.
 */
export function crashPlan(): ParsedPlan {
  const plan = parsePlan(shippedPlanText);
  return { ...plan, chapters: plan.chapters.filter((chapter) => chapter.hasTasks).slice(0, 1) };
}

export function planShape(plan: ParsedPlan) {
  const sections = plan.chapters.flatMap((chapter) => chapter.sections);
  const measures = sections.flatMap((section) => section.measures);
  return {
    chapters: plan.chapters.length,
    sections: sections.length,
    measures: measures.length,
    tasks: measures.reduce((sum, measure) => sum + measure.tasks.length, 0),
    indicators: plan.indicators.length,
  };
}

export const IMPORT_CODE_PREFIX = 'CRASH-';
export const REPORT_SOURCE = 'crash-test';

export function writers(): CrashWriter[] {
  const plan = crashPlan();
  return [
    {
      // 规划导入: a whole parsed plan in one transaction, as the importer saves it.
      kind: 'import',
      write: (db, _dataDir, serial) => savePlan(db, plan, { code: `${IMPORT_CODE_PREFIX}${serial}`, sourceName: 'crash-test' }),
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
export function findCrashDamage(sqlite: BetterSqlite3.Database, attachmentsDir: string, acknowledged: readonly Acknowledged[]): string[] {
  const problems: string[] = [];
  const integrity = sqlite.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  const foreignKeys = sqlite.pragma('foreign_key_check') as unknown[];
  if (foreignKeys.length > 0) problems.push(`foreign_key_check: ${foreignKeys.length} 行`);

  const ids = (sql: string) => new Set((sqlite.prepare(sql).all() as { id: number }[]).map((row) => row.id));
  const plans = ids(`SELECT id FROM plans WHERE code LIKE '${IMPORT_CODE_PREFIX}%'`);
  const reports = ids(`SELECT id FROM progress_reports WHERE source_ref = '${REPORT_SOURCE}'`);
  for (const ack of acknowledged) {
    const present = ack.kind === 'import' ? plans.has(ack.id) : ack.kind === 'report' ? reports.has(ack.id) : false;
    if (!present) problems.push(`已确认的 ${ack.kind} #${ack.id} 丢失`);
  }

  // No half-written import: every imported plan has exactly the parsed plan's shape.
  const shape = planShape(crashPlan());
  const counts = sqlite
    .prepare(
      `SELECT p.id,
         (SELECT count(*) FROM chapters c WHERE c.plan_id = p.id) AS chapters,
         (SELECT count(*) FROM sections s WHERE s.plan_id = p.id) AS sections,
         (SELECT count(*) FROM measures m WHERE m.plan_id = p.id) AS measures,
         (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id) AS tasks,
         (SELECT count(*) FROM indicators i WHERE i.plan_id = p.id) AS indicators
       FROM plans p WHERE p.code LIKE '${IMPORT_CODE_PREFIX}%'`,
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
