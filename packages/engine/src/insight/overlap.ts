import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../duckdb/database.ts';
import { ident, sql, type Sql } from '../sql/sql.ts';
import { MAX_OVERLAP_SETS, type Overlap } from './insight-result.ts';

/** Every non-empty combination of `n` sets as a bit mask, fewer sets first. */
export function regionMasks(n: number): number[] {
  const masks = Array.from({ length: 2 ** n - 1 }, (_, i) => i + 1);
  const bits = (m: number) => m.toString(2).replaceAll('0', '').length;
  return masks.sort((a, b) => bits(a) - bits(b) || a - b);
}

const setsOf = (mask: number, n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));

/**
 * Counts the customers of every region with one pass: each customer's key
 * gets a bit per set holding it, and the customers are counted by their mask.
 * Keys are compared as text, so sets keyed by differently typed columns still meet.
 */
export async function overlap(connection: DuckDBConnection, sets: { relation: Sql; key: string }[]): Promise<Overlap> {
  if (sets.length < 2 || sets.length > MAX_OVERLAP_SETS) throw new Error(`overlap takes 2 to ${MAX_OVERLAP_SETS} sets`);
  const members = sets
    .map(({ relation, key }, i) => sql`SELECT DISTINCT ${ident(key)}::VARCHAR AS k, ${1 << i}::INTEGER AS b FROM ${relation} AS r WHERE ${ident(key)} IS NOT NULL`)
    .reduce((all, next) => sql`${all} UNION ALL ${next}`);
  const rows = await queryRows(connection, sql`SELECT mask, count(*) AS n FROM (SELECT k, bit_or(b) AS mask FROM (${members}) GROUP BY k) GROUP BY mask`);
  const counts = new Map(rows.map((r) => [Number(r.mask), Number(r.n)]));
  const regions = regionMasks(sets.length).map((mask) => ({ sets: setsOf(mask, sets.length), count: counts.get(mask) ?? 0 }));
  const sizes = sets.map((_, i) => regions.filter((r) => r.sets.includes(i)).reduce((sum, r) => sum + r.count, 0));
  return { sizes, regions, total: regions.reduce((sum, r) => sum + r.count, 0) };
}
