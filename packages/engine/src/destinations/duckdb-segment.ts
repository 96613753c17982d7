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
      let finished = false;
      try {
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
        finished = true;
        if (batch.length) yield batch;
      } finally {
        // A stream left half read (a delivery that failed) keeps its query, and so its database, open even after
        // the connection is closed: a shared DuckDB could then never attach that file again. A new statement ends it.
        if (!finished) await connection.run('SELECT 1').catch(() => undefined);
      }
    },
  };
}
