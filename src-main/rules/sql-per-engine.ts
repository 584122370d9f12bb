import type { OperationNode, RawBuilder, RawNode } from 'kysely';

/**
 * One SQL expression, written for each engine, used as one: the services build their queries once, and where SQLite
 * and PostgreSQL spell something differently (a JSON list parameter, date arithmetic, case-insensitive LIKE, the
 * search) the expression carries both spellings. The SQLite form is the builder itself, so the desktop app runs exactly
 * the SQL it ran before; the PostgreSQL query compiler (db/postgres-dialect.ts) looks each raw fragment up here
 * and writes the PostgreSQL form instead. Services never ask which engine they are on.
 *
 * The lookup is by the fragment's node itself: a plugin that rebuilds raw nodes (Kysely's OperationNodeTransformer
 * does) would lose the PostgreSQL form, and PostgreSQL would then reject the SQLite spelling loudly, not quietly.
 *
 * Lives under rules/ because the rules' own SQL forms (report-date.ts) need it and rules may import nothing but api;
 * the other forms are in db/sql-forms.ts.
 */

/** Where the fragment stands, as far as a PostgreSQL form needs to know: the table of the INSERT around it. */
export interface PostgresContext {
  insertTarget: OperationNode | undefined;
}

/** The PostgreSQL form, or a function making it when the query is compiled (only then, and only on PostgreSQL). */
export type PostgresForm<T> = RawBuilder<T> | ((context: PostgresContext) => RawBuilder<T>);

const postgresForms = new WeakMap<OperationNode, PostgresForm<unknown>>();

export function perEngine<T>(sqlite: RawBuilder<T>, postgres: PostgresForm<T>): RawBuilder<T> {
  // A RawBuilder not bound to a database hands out the same node every time, and queries embed that node as is.
  postgresForms.set(sqlite.toOperationNode(), postgres);
  return sqlite;
}

/** The PostgreSQL spelling of a raw fragment made by `perEngine`, or undefined for SQL common to both. */
export function postgresFormOf(node: RawNode, context: PostgresContext): RawNode | undefined {
  const form = postgresForms.get(node);
  if (!form) return undefined;
  return (typeof form === 'function' ? form(context) : form).toOperationNode() as RawNode;
}
