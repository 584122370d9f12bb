import { sql, type Expression, type OperationNode, type RawBuilder } from 'kysely';
import { perEngine } from '../rules/sql-per-engine';

/**
 * The SQL that SQLite and PostgreSQL spell differently, each written once per engine here (see
 * rules/sql-per-engine.ts for how a query picks its engine's form). Services import these, never an engine.
 */

/**
 * `column IN ${idList(ids)}`. SQLite: one JSON parameter read back with json_each. PostgreSQL: one array parameter.
 *
 * Why one parameter: whatever the length, the SQL text stays the same, so the prepared statement is reused from the
 * statement cache (db/statement-cache.ts) and stays small, and SQLite's limit of 32,766 bound parameters never
 * applies. A multi-row VALUES list instead made a new statement per length — thousands of parameters compiled to
 * megabytes of bytecode each, all kept in the cache (bench/: generation's peak memory). The same holds for jsonRows.
 */
export function idList(ids: readonly number[]): RawBuilder<number> {
  return perEngine(sql<number>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`, () => sql<number>`(SELECT unnest(${[...ids]}::bigint[]))`);
}

/**
 * `insertInto(table).columns(columns).expression(jsonRows(rows, columns))`: the rows in order, as a SELECT over one
 * JSON parameter. On PostgreSQL the JSON is read into the target table's own row type (jsonb_populate_recordset), so
 * each value arrives with its column's type; the table is the INSERT's, or `table` where the INSERT is raw SQL.
 */
export function jsonRows<Row extends object, Column extends keyof Row & string>(
  rows: readonly Row[],
  columns: readonly Column[],
  table?: string,
): RawBuilder<unknown> {
  const values = JSON.stringify(rows.map((row) => columns.map((column) => row[column])));
  return perEngine(sql`SELECT ${sql.join(columns.map((_, i) => sql`value ->> ${sql.lit(i)}`))} FROM json_each(${values}) ORDER BY key`, (context) => {
    const target: Expression<unknown> | undefined = table ? sql.table(table) : nodeAsExpression(context.insertTarget);
    if (!target) throw new Error('jsonRows：PostgreSQL 上需要知道写入哪张表');
    const objects = JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column]]))));
    return sql`SELECT ${sql.join(columns.map((column) => sql.ref(`r.${column}`)))}
      FROM jsonb_populate_recordset(NULL::${target}, ${objects}::jsonb) WITH ORDINALITY AS r ORDER BY r.ordinality`;
  });
}

function nodeAsExpression(node: OperationNode | undefined): Expression<unknown> | undefined {
  if (!node) return undefined;
  return { toOperationNode: () => node } as unknown as Expression<unknown>;
}

/**
 * `expression LIKE pattern` ignoring the case of ASCII letters, as SQLite's LIKE does. PostgreSQL's LIKE keeps case;
 * its ILIKE over the columns' "C" collation folds ASCII letters only, like SQLite. Patterns escape with a backslash.
 */
export function likeIgnoringCase(expression: Expression<string | null> | RawBuilder<string | null>, pattern: string): RawBuilder<boolean> {
  return perEngine(sql<boolean>`${expression} LIKE ${pattern} ESCAPE '\\'`, sql<boolean>`${expression} ILIKE ${pattern} ESCAPE '\\'`);
}

/**
 * The SQLite file behind a connection (an export worker opens it read-only, reports/export-runner.ts). None on
 * PostgreSQL: exports run in the server process there.
 */
export function databaseFileQuery(): RawBuilder<{ file: string | null }> {
  return perEngine(sql<{ file: string | null }>`SELECT file FROM pragma_database_list WHERE name = 'main'`, sql<{ file: string | null }>`SELECT NULL::text AS file`);
}

/** Numbers on SQLite, texts on PostgreSQL: compared only as the text they make together. */
type ChangeMarkParts = { changes: number | string; version: number | string };

/**
 * The two parts of a change mark (db/change-mark.ts): equal pairs read from the database mean no row was written in
 * between, by any connection. SQLite: the rows this connection has changed (`total_changes()`, triggers included) and
 * `data_version`, which moves when another connection commits. PostgreSQL: the current snapshot — any transaction
 * that writes takes a transaction id, and its commit (or abort) either moves the snapshot's upper bound or leaves its
 * list of transactions in progress — and the id of the caller's own transaction, once it has written (a snapshot
 * leaves out its own transaction, whose writes its reads see).
 */
export function changeMarkQuery(): RawBuilder<ChangeMarkParts> {
  return perEngine(
    sql<ChangeMarkParts>`SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version`,
    sql<ChangeMarkParts>`SELECT pg_current_snapshot()::text AS changes, coalesce(pg_current_xact_id_if_assigned()::text, '') AS version`,
  );
}

/**
 * A condition's column that the query should not reach the rows through: beside a text search (taskTextSearch), a
 * task's plan. SQLite: `+column`, which its planner does not match to an index; without ANALYZE it takes an equality
 * on an indexed column for about ten rows, so it would read every task of the plan and test each against the trigram
 * index's matches (a 40,000-task plan read whole for 1,000 matches, bench/) instead of reading the matches by key.
 * PostgreSQL plans from its statistics: the plain column.
 */
export function notAnIndexKey<T>(column: Expression<T>): RawBuilder<T> {
  return perEngine(sql<T>`+${column}`, sql<T>`${column}`);
}

/** `%text%` with LIKE's wildcards in `text` escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/gu, (ch) => `\\${ch}`)}%`;
}

/**
 * Tasks whose text or measure title contains `search` (three characters or more). SQLite: the FTS5 trigram index
 * (task_fts, migrations/0002). PostgreSQL: ILIKE over the same two texts, served by pg_trgm's GIN indexes — the task
 * text's kept apart in its own task_fts (migrations/postgres/0034), so that a report's update of a task does not write
 * it, the measure title's on measures (0002). Both find the same rows: a phrase is a substring, ASCII letters in either
 * case (a test holds the two to the same answers).
 *
 * On PostgreSQL as on SQLite the matches are found first and their tasks read by key: the tasks whose text matches,
 * and those under a measure whose title does, each through its own index. One condition `text ILIKE … OR m.title
 * ILIKE …` over the joined rows could use neither index and read every task (92 → 19 ms for the bench's phrase in a
 * plan of 10,000 tasks). Without pg_trgm the two arms are scans, and find the same rows.
 */
export function taskTextSearch(search: string, taskId: Expression<number>): RawBuilder<boolean> {
  const phrase = `"${search.replace(/"/gu, '""')}"`;
  const pattern = containsPattern(search);
  return perEngine(
    sql<boolean>`${taskId} IN (SELECT rowid FROM task_fts WHERE task_fts MATCH ${phrase})`,
    sql<boolean>`${taskId} IN (SELECT matched.id FROM task_fts matched WHERE matched.text ILIKE ${pattern} ESCAPE '\\'
      UNION ALL SELECT matched.id FROM measures titled JOIN tasks matched ON matched.measure_id = titled.id WHERE titled.title ILIKE ${pattern} ESCAPE '\\')`,
  );
}
