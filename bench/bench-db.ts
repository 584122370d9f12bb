import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE_NAME, kyselyOver, type AppDatabase } from '../src-main/db/connection';
import { applyPragmas } from '../src-main/db/migrator';
import { createPostgresPool, describePostgresUrl, kyselyOverPostgres } from '../src-main/db/postgres-dialect';
import { bundledPostgresMigrations } from '../src-main/db/postgres-migrator';

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
  const url = benchPostgresUrl();
  if (url) return openBenchPostgres(url);
  const file = databaseFile(dataDir);
  const sqlite = new BetterSqlite3(file);
  applyPragmas(sqlite);
  const db = kyselyOver(sqlite);
  const schemaVersion = Number(sqlite.pragma('user_version', { simple: true }));
  return { engine: 'sqlite', db, sqlite, file, schemaVersion, backupPath: null, exclusively: (work) => work(), close: () => db.destroy() };
}

/**
 * `npm run bench -- --engine postgres` (postgres-bench.ts) names the PostgreSQL database its step processes measure
 * here: the data imported from the generated SQLite file. Unset, the steps run on the SQLite file as before.
 */
export const BENCH_POSTGRES_URL = 'BENCH_POSTGRES_DATABASE_URL';
export const benchPostgresUrl = (env: NodeJS.ProcessEnv = process.env): string | null => env[BENCH_POSTGRES_URL] || null;

/**
 * The app's connection to the already migrated PostgreSQL database — its pool, dialect (serial writes, per-engine SQL)
 * and type parsers, as openPostgresAppDatabase sets them up — without the migration check at open, as on SQLite above.
 */
function openBenchPostgres(url: string): AppDatabase {
  // As the app opens it: exports then run in the export worker on a connection of their own.
  const db = kyselyOverPostgres(url, createPostgresPool(url));
  const file = describePostgresUrl(url);
  const database = {
    engine: 'postgres',
    db,
    file,
    schemaVersion: bundledPostgresMigrations().at(-1)?.version ?? 0,
    backupPath: null,
    exclusively: (work) => work(),
    close: () => db.destroy(),
  } as Omit<AppDatabase, 'sqlite'> as AppDatabase;
  Object.defineProperty(database, 'sqlite', {
    get(): never {
      throw new Error(`基准测试的这一步只适用于 SQLite；当前数据在 PostgreSQL 中（${file}）`);
    },
  });
  return database;
}
