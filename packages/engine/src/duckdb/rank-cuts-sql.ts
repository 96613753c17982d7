import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnType } from '../model/column.ts';
import type { Relation } from '../nodes/define-node.ts';
import { ident, raw, sql, type Sql } from '../sql/sql.ts';
import { groupKey, MAX_CUT_POINTS, type RankCuts, type RankGroupCuts } from '../evaluate/rank-cuts.ts';
import type { Value } from '../evaluate/values.ts';
import { queryRows } from './database.ts';

interface RankConfig { fn: 'percent_rank' | 'ntile'; buckets?: number; by: string; descending?: boolean; partitionBy?: string }

/** A column read out as the evaluator holds it: numbers as DOUBLE, dates and timestamps as UTC ms. */
function readable(column: Sql, type: ColumnType): Sql {
  if (type === 'date' || type === 'timestamp') return sql`epoch_ms(CAST(${column} AS TIMESTAMP))`;
  if (type === 'integer' || type === 'number') return sql`CAST(${column} AS DOUBLE)`;
  return column;
}

function fromRow(v: unknown, type: ColumnType): Value {
  if (v === null || v === undefined) return null;
  return type === 'string' || type === 'boolean' ? (v as Value) : Number(v);
}

/** An even sample of at most MAX_CUT_POINTS points, keeping the first and the last. */
function thin<T>(points: T[]): T[] {
  if (points.length <= MAX_CUT_POINTS) return points;
  const step = (points.length - 1) / (MAX_CUT_POINTS - 1);
  return Array.from({ length: MAX_CUT_POINTS }, (_, i) => points[Math.round(i * step)]);
}

/**
 * The cut points of a rank node over its input rows (see RankCuts): a GROUP BY
 * of the values for percent_rank, the first row of each bucket for ntile.
 */
export async function rankCuts(connection: DuckDBConnection, config: RankConfig, input: Relation): Promise<RankCuts> {
  const typeOf = (name: string) => input.schema.columns.find((c) => c.name === name)!.type;
  const by = ident(config.by);
  const byType = typeOf(config.by);
  const dir = raw(config.descending ? 'DESC' : 'ASC');
  const group = config.partitionBy ? readable(ident(config.partitionBy), typeOf(config.partitionBy)) : sql`NULL`;
  const groupOf = (g: unknown) => (config.partitionBy ? groupKey(fromRow(g, typeOf(config.partitionBy))) : '');
  const groups: Record<string, RankGroupCuts> = {};
  let exact = true;
  const base = sql`SELECT ${group} AS __g, ${readable(by, byType)} AS __v, * FROM ${input.from} WHERE ${by} IS NOT NULL`;
  if (config.fn === 'percent_rank') {
    const rows = await queryRows(connection, sql`SELECT __g AS g, __v AS v, count(*) AS c FROM (${base}) GROUP BY ALL ORDER BY g, v ${dir}`);
    const byGroup = new Map<string, [Value, Value][]>();
    for (const r of rows) {
      const g = groupOf(r.g);
      const group = groups[g] ?? (groups[g] = { n: 0, points: [] });
      if (!byGroup.has(g)) byGroup.set(g, []);
      byGroup.get(g)!.push([fromRow(r.v, byType), group.n]);
      group.n += Number(r.c);
    }
    for (const [g, points] of byGroup) {
      groups[g].points = thin(points);
      if (points.length > MAX_CUT_POINTS) exact = false;
    }
  } else {
    const key = ident(input.schema.key);
    const keyType = typeOf(input.schema.key);
    const partition = config.partitionBy ? sql`PARTITION BY ${ident(config.partitionBy)}` : sql``;
    const bucketed = sql`SELECT __g AS g, __v AS v, ${readable(key, keyType)} AS k, ${by} AS __by, ${key} AS __key,
      ntile(CAST(${config.buckets ?? 1} AS BIGINT)) OVER (${partition} ORDER BY ${by} ${dir}, ${key}) AS bucket FROM (${base})`;
    const firsts = await queryRows(connection, sql`SELECT g, v, k FROM (${bucketed})
      QUALIFY row_number() OVER (PARTITION BY g, bucket ORDER BY __by ${dir}, __key) = 1 AND bucket > 1 ORDER BY g, bucket`);
    const counts = await queryRows(connection, sql`SELECT __g AS g, count(*) AS n FROM (${base}) GROUP BY ALL`);
    for (const r of counts) groups[groupOf(r.g)] = { n: Number(r.n), points: [] };
    for (const r of firsts) groups[groupOf(r.g)].points.push([fromRow(r.v, byType), fromRow(r.k, keyType)]);
  }
  return { fn: config.fn, descending: config.descending ?? false, exact, groups };
}
