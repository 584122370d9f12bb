import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { RestoreImpactRow } from '../api/backup.types';
import type { Database } from '../db/database.types';
import { readDumpData } from './postgres-dump';

/**
 * What a restore of `backupFile` would undo, by unit: the reports, 督办单 and tasks the current database has that
 * the backup does not. With one shared database a restore takes every unit's work back to the backup; the office
 * must see whose work, and how much, before confirming.
 *
 * "Made since the backup" is "id above the highest id the backup holds": ids only grow (INTEGER PRIMARY KEY over
 * tables whose rows are never deleted, reports and notices; tasks are retired, not deleted). The backup is read
 * through its own read-only connection, its max ids only, so even a large backup costs a few index lookups.
 */
export async function describeRestoreImpact(db: Kysely<Database>, backupFile: string): Promise<ImpactSince> {
  return describeImpactSince(db, lastIdsIn(backupFile));
}

type ImpactSince = { byUnit: RestoreImpactRow[]; totals: { reports: number; notices: number; tasks: number } };

/** The highest id of each counted table a backup holds (SQLite: lastIdsIn; PostgreSQL: lastIdsInDump). */
export interface LastIds {
  reports: number;
  notices: number;
  tasks: number;
}

/** The impact of going back to a backup whose highest ids are `last` (the rule above, for either engine's backup). */
export async function describeImpactSince(db: Kysely<Database>, last: LastIds): Promise<ImpactSince> {
  const [reports, notices, tasks, units] = await Promise.all([
    db.selectFrom('progress_reports').select(['unit_id as unitId', (eb) => eb.fn.countAll<number>().as('n')]).where('id', '>', last.reports).groupBy('unit_id').execute(),
    db.selectFrom('supervision_notices').select(['unit_id as unitId', (eb) => eb.fn.countAll<number>().as('n')]).where('id', '>', last.notices).groupBy('unit_id').execute(),
    db.selectFrom('tasks').select(['lead_unit_id as unitId', (eb) => eb.fn.countAll<number>().as('n')]).where('id', '>', last.tasks).groupBy('lead_unit_id').execute(),
    db.selectFrom('units').select(['id', 'name']).execute(),
  ]);
  const names = new Map(units.map((unit) => [unit.id, unit.name]));
  const rows = new Map<number | null, RestoreImpactRow>();
  const rowOf = (unitId: number | null) => {
    let row = rows.get(unitId);
    if (!row) {
      row = { unitId, unitName: unitId === null ? '（尚未分配牵头单位）' : (names.get(unitId) ?? `单位 #${unitId}`), reports: 0, notices: 0, tasks: 0 };
      rows.set(unitId, row);
    }
    return row;
  };
  for (const { unitId, n } of reports) rowOf(unitId).reports += Number(n);
  for (const { unitId, n } of notices) rowOf(unitId).notices += Number(n);
  for (const { unitId, n } of tasks) rowOf(unitId).tasks += Number(n);
  const byUnit = [...rows.values()].sort(
    (a, b) => b.reports + b.notices + b.tasks - (a.reports + a.notices + a.tasks) || a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );
  const sum = (key: 'reports' | 'notices' | 'tasks') => byUnit.reduce((total, row) => total + row[key], 0);
  return { byUnit, totals: { reports: sum('reports'), notices: sum('notices'), tasks: sum('tasks') } };
}

/** The highest id of each counted table in the backup; 0 for a table it does not have (a backup from an older app). */
function lastIdsIn(backupFile: string): LastIds {
  const backup = new BetterSqlite3(backupFile, { readonly: true, fileMustExist: true });
  try {
    const lastId = (table: string) => {
      const exists = backup.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
      return exists ? Number((backup.prepare(`SELECT coalesce(max(id), 0) AS id FROM ${table}`).get() as { id: number }).id) : 0;
    };
    return { reports: lastId('progress_reports'), notices: lastId('supervision_notices'), tasks: lastId('tasks') };
  } finally {
    backup.close();
  }
}

/** The counted tables by their names in a pg_dump archive. */
const DUMP_TABLES = { 'public.progress_reports': 'reports', 'public.supervision_notices': 'notices', 'public.tasks': 'tasks' } as const;

/**
 * The same highest ids read from a PostgreSQL backup (pg_dump archive): the three tables' data streamed out of the file
 * by pg_restore, their `id` column only kept. Nothing is restored anywhere.
 */
export async function lastIdsInDump(file: string, serverMajor: number): Promise<LastIds> {
  const last: LastIds = { reports: 0, notices: 0, tasks: 0 };
  await readDumpData(
    file,
    serverMajor,
    (table, columns) => {
      const key = DUMP_TABLES[table as keyof typeof DUMP_TABLES] as keyof LastIds | undefined;
      const idAt = columns.indexOf('id');
      if (!key || idAt < 0) return undefined;
      return {
        row: (values) => {
          last[key] = Math.max(last[key], Number(values[idAt]));
        },
      };
    },
    ['progress_reports', 'supervision_notices', 'tasks'],
  );
  return last;
}
