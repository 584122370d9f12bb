import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE_NAME, kyselyOver, type AppDatabase } from '../src-main/db/connection';
import { applyPragmas } from '../src-main/db/migrator';

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
 * The app's connection to the generated (already migrated) database — its pragmas and statement cache, as
 * openAppDatabase sets them up — without the start-up checks (header, quick_check, migration list), which the
 * "open the large database" step measures on its own; every other step would pay them again otherwise.
 */
export function openBenchDatabase(dataDir: string): AppDatabase {
  const file = databaseFile(dataDir);
  const sqlite = new BetterSqlite3(file);
  applyPragmas(sqlite);
  const db = kyselyOver(sqlite);
  const schemaVersion = Number(sqlite.pragma('user_version', { simple: true }));
  return { engine: 'sqlite', db, sqlite, file, schemaVersion, backupPath: null, exclusively: (work) => work(), close: () => db.destroy() };
}
