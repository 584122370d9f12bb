import type BetterSqlite3 from 'better-sqlite3';

/**
 * The tables whose rows the app writes: every ordinary table but the migrator's bookkeeping and the full-text index
 * (a virtual table with shadow tables, filled by triggers on both the service path and the raw floor).
 */
export function dataTables(sqlite: BetterSqlite3.Database): string[] {
  const all = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    name: string;
    sql: string;
  }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/iu.test(t.sql)).map((t) => t.name);
  return all
    .map((t) => t.name)
    .filter((name) => name !== 'schema_migrations' && !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
}

export function countRows(sqlite: BetterSqlite3.Database): Record<string, number> {
  return Object.fromEntries(
    dataTables(sqlite).map((name) => [name, Number((sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n)]),
  );
}

/** Tables ordered so that every table comes after those its foreign keys point to (rows copy without FK errors). */
export function tablesInForeignKeyOrder(sqlite: BetterSqlite3.Database): string[] {
  const tables = dataTables(sqlite);
  const deps = new Map(
    tables.map((name) => [
      name,
      new Set((sqlite.prepare(`PRAGMA foreign_key_list("${name}")`).all() as { table: string }[]).map((fk) => fk.table).filter((t) => t !== name)),
    ]),
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...deps.get(t)!].every((d) => placed.has(d) || !deps.has(d)));
    if (ready.length === 0) throw new Error(`外键依赖成环：${tables.filter((t) => !placed.has(t)).join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}
