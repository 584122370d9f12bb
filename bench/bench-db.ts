import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { DATABASE_FILE_NAME, type AppDatabase } from '../src-main/db/connection';
import type { Database } from '../src-main/db/database.types';
import { openDatabase } from '../src-main/db/migrator';
import { withStatementCache } from '../src-main/db/statement-cache';

/**
 * The bench's data folder: the generated database and a manifest naming what the measured steps use (which plan,
 * round, unit). Each measured step runs in its own process and opens the database afresh.
 */

export interface Manifest {
  scale: number;
  today: string;
  largePlanId: number;
  importPlanId: number;
  smallPlanIds: number[];
  /** The large plan's last closed round (the 汇总表 export) and its open round (the unit template export). */
  largeClosedRoundId: number;
  largeOpenRoundId: number;
  importRoundId: number;
  importUnitId: number;
  /** The unit leading the most tasks of the regular plans (我的任务). */
  largestUnitId: number;
  officeUnitId: number;
  searchPhrase: string;
  rowCounts: Record<string, number>;
  rows: number;
  generation: { ms: number; cpuMs: number; phases: { name: string; ms: number; rows?: number }[] };
}

export const databaseFile = (dataDir: string) => join(dataDir, DATABASE_FILE_NAME);
const manifestFile = (dataDir: string) => join(dataDir, 'bench-manifest.json');

export function writeManifest(dataDir: string, manifest: Manifest): void {
  writeFileSync(manifestFile(dataDir), JSON.stringify(manifest, null, 2));
}

export function readManifest(dataDir: string): Manifest {
  return JSON.parse(readFileSync(manifestFile(dataDir), 'utf8')) as Manifest;
}

/**
 * The app's connection (openAppDatabase: migrator, pragmas, statement cache) without the start-up quick_check,
 * which the "open the large database" step measures on its own; every other step would pay it again otherwise.
 */
export async function openBenchDatabase(dataDir: string): Promise<AppDatabase> {
  const file = databaseFile(dataDir);
  const opened = await openDatabase(file, { backupDir: join(dataDir, 'backups'), checkIntegrity: false });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(opened.sqlite) }) });
  return { db, sqlite: opened.sqlite, file, schemaVersion: opened.schemaVersion, backupPath: opened.backupPath, close: () => db.destroy() };
}
