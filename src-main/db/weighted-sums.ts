import { sql, type RawBuilder } from 'kysely';

/**
 * The aggregates the kept counts are made of (dashboard/plan-tallies.ts, tasks/task-cooperator-tallies.ts), over rows
 * that each count once (a count of the rows themselves), or a weight times each (-1: the same count, to take out of a
 * tally). Portable SQL: a CASE, not a sum of booleans (PostgreSQL has no sum(boolean)).
 */
export type Weight = RawBuilder<number> | undefined;

/** How many rows: count(*), or the sum of their weights. */
export function countOf(weight: Weight): RawBuilder<number> {
  return weight ? sql<number>`sum(${weight})` : sql<number>`count(*)`;
}

/** How many rows meet `condition`. */
export function countWhere(condition: RawBuilder<unknown>, weight: Weight): RawBuilder<number> {
  return sql<number>`sum(CASE WHEN ${condition} THEN ${weight ?? sql.lit(1)} ELSE 0 END)`;
}

/** The sum of `value` over the rows. */
export function sumOf(value: RawBuilder<unknown>, weight: Weight): RawBuilder<number> {
  return weight ? sql<number>`sum(${weight} * ${value})` : sql<number>`sum(${value})`;
}
