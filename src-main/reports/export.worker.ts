import { isMainThread, parentPort } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { ExportedFile } from '../api/reports.types';
import { kyselyOver } from '../db/connection';
import type { DatabaseSource } from '../db/database-source';
import type { Database } from '../db/database.types';
import { createPostgresPool, kyselyOverPostgres } from '../db/postgres-dialect';
import { exportTemplateHere } from '../exchange/template.service';
import type { ExportJob, ExportReply } from './export-job';
import { exportListHere } from './list-export';
import { exportReportHere } from './report.service';

/**
 * The export worker (export-runner.ts starts it; an entry of its own in electron.vite.config.ts and the bench's build):
 * for each job, a connection of its own to the app's database — the SQLite file read-only, or a small pool on the same
 * PostgreSQL database — the same export code the main thread would run, and the file sent back. The connection is
 * opened per job and closed after it, so a restored database (a new file under the same name, another PostgreSQL
 * database switched in) is what the next export reads.
 */

/**
 * An export asks for the reads that need nothing of each other together (report-data.ts: a round's rows, the plan's
 * task order, its names, the cooperating units): with a connection each, PostgreSQL answers one while this thread
 * parses another's rows (the 全省进展汇总表 of a 10,000-task round read in ~230 ms instead of ~260–300, bench data).
 */
const POSTGRES_CONNECTIONS = 4;

function open(source: DatabaseSource): Kysely<Database> {
  if (source.engine === 'postgres') return kyselyOverPostgres(source.url, createPostgresPool(source.url, { max: POSTGRES_CONNECTIONS }));
  const sqlite = new BetterSqlite3(source.file, { readonly: true, fileMustExist: true });
  // The app's writer may hold the WAL for a moment (a checkpoint): wait as its own connection would.
  sqlite.pragma('busy_timeout = 5000');
  return kyselyOver(sqlite);
}

async function run(source: DatabaseSource, job: ExportJob): Promise<ExportReply> {
  let db: Kysely<Database> | null = null;
  try {
    db = open(source);
    return { ok: true, file: await exportHere(db, job) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { name: error.name, message: error.message, appCode: error.code } };
    const failure = error instanceof Error ? error : new Error(String(error));
    const code = (failure as Error & { code?: unknown }).code;
    return { ok: false, error: { name: failure.name, message: failure.message, ...(typeof code === 'string' ? { code } : {}) } };
  } finally {
    await db?.destroy();
  }
}

/** The job's own export, as the main thread would run it. */
function exportHere(db: Kysely<Database>, job: ExportJob): Promise<ExportedFile> {
  switch (job.kind) {
    case 'report':
      return exportReportHere(db, job.input, job.context);
    case 'list':
      return exportListHere(db, job.input, job.context);
    case 'template':
      return exportTemplateHere(db, job.actor, job.scope, job.now);
  }
}

if (parentPort && !isMainThread) {
  const port = parentPort;
  // Loaded: from here on a failure is the export's, not a worker that cannot start (export-runner.ts falls back then).
  port.postMessage({ ready: true });
  port.on('message', ({ source, job }: { source: DatabaseSource; job: ExportJob }) => {
    void run(source, job).then((reply) => port.postMessage(reply));
  });
}
