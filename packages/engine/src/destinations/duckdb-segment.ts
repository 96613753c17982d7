import type { DuckDBConnection } from '@duckdb/node-api';
import type { Schema } from '../model/column.ts';
import { ident, join, renderSql, sql, type Sql } from '../sql/sql.ts';
import type { SegmentBatches } from './segment-batches.ts';

/**
 * A segment table of the DuckDB backend as destinations read it: streamed in
 * key order (so batch n is the same rows on every delivery of one result),
 * integers as bigint and dates as Date, re-cut into batches of any size.
 *
 * @example
 *   const segment = tableSegment(connection, ident('n_out1'), outputSchema, rows);
 *   await deliverWebhook(segment, destination, ctx);
 */
export function tableSegment(connection: DuckDBConnection, table: Sql, schema: Schema, count: number): SegmentBatches {
  const columns = [schema.key, ...schema.columns.map((c) => c.name).filter((n) => n !== schema.key)];
  const types = Object.fromEntries(schema.columns.map((c) => [c.name, c.type]));
  return {
    columns,
    key: schema.key,
    types,
    count,
    async *batches(size) {
      const { text } = renderSql(sql`SELECT ${join(columns.map(ident), ', ')} FROM ${table} ORDER BY ${ident(schema.key)}`);
      const result = await connection.stream(text);
      let batch: Record<string, unknown>[] = [];
      for await (const rows of result.yieldRowObjectJs()) {
        for (const row of rows) {
          batch.push(row);
          if (batch.length === size) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length) yield batch;
    },
  };
}
