import pg from 'pg';
import type { ColumnType } from '../../src/model/column.ts';
import { columnTypeOfDuckType } from '../../src/nodes/source-facts.ts';
import { openDatabase, queryRows } from '../../src/duckdb/database.ts';
import { readerSql } from '../../src/duckdb/read-source.ts';
import type { ReadConfig } from '../../src/nodes/ingestion.ts';
import { duckdbDialect, postgresDialect } from '../../src/sql/dialects/index.ts';
import { ident, join, raw, sql } from '../../src/sql/sql.ts';
import type { CredentialResolver } from '../../src/destinations/credentials.ts';

/** The test warehouse's one connection name. */
export const WAREHOUSE = 'warehouse';

export const warehouseCredentials = (url: string): CredentialResolver => ({
  connection: (name) => (name === WAREHOUSE ? url : undefined),
  secret: () => undefined,
});

/**
 * Copies a file, read as a source node reads it (its column overrides
 * applied, so a date written 03/31/2022 arrives as a DATE), into a new
 * PostgreSQL table `public.<table>` of the same column types, rows in file
 * order (ctid order, what deduplication then sees as "first").
 */
export async function loadFileIntoPostgres(url: string, config: ReadConfig, path: string, table: string): Promise<void> {
  const duck = await openDatabase();
  const connection = await duck.connect();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const described = await queryRows(connection, sql`DESCRIBE SELECT * FROM ${readerSql(config, path)}`);
    const columns = described.map((r) => {
      const name = String(r.column_name);
      const override = config.columns?.[name];
      return { name, type: (override?.type ?? columnTypeOfDuckType(String(r.column_type))) as ColumnType, override };
    });
    const asText = columns.map(({ name, type, override }) => {
      const col = ident(name);
      const duckType = raw(duckdbDialect.type(type));
      const typed = override?.format ? sql`CAST(try_strptime(${col}, ${override.format}) AS ${duckType})` : override ? sql`TRY_CAST(${col} AS ${duckType})` : col;
      return sql`CAST(${typed} AS VARCHAR) AS ${col}`;
    });
    const rows = await queryRows(connection, sql`SELECT ${join(asText, ', ')} FROM ${readerSql(config, path)}`);
    const pgType = (type: ColumnType) => postgresDialect.type(type);
    const target = quote(table);
    await client.query(`DROP TABLE IF EXISTS public.${target}`);
    await client.query(`CREATE TABLE public.${target} (${columns.map((c) => `${quote(c.name)} ${pgType(c.type)}`).join(', ')})`);
    const BATCH = 5000;
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const arrays = columns.map((c) => batch.map((r) => (r[c.name] === null ? null : String(r[c.name]))));
      const casts = columns.map((c, i) => `CAST(u.c${i} AS ${pgType(c.type)})`).join(', ');
      const unnest = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
      // WITH ORDINALITY keeps file order in the insert, so ctid order is file order.
      await client.query(`INSERT INTO public.${target} SELECT ${casts} FROM unnest(${unnest}) WITH ORDINALITY AS u(${columns.map((_, i) => `c${i}`).join(', ')}, n) ORDER BY n`, arrays);
    }
  } finally {
    await client.end();
    connection.closeSync();
    duck.close();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The document with every file source replaced by the table it was loaded into (see `loadFileIntoPostgres`). */
export function withWarehouseSources(document: { nodes: { id: string; kind: string; config?: Record<string, unknown> }[] }, tables: Record<string, string>) {
  const copy = structuredClone(document);
  for (const node of copy.nodes) {
    if (node.kind !== 'source' && node.kind !== 'events') continue;
    const { key, timestamp, dedupe, path } = node.config as Record<string, unknown>;
    node.config = {
      format: 'postgres', connection: WAREHOUSE, table: `public.${tables[String(path)]}`, key,
      ...(timestamp !== undefined ? { timestamp } : {}), ...(dedupe !== undefined ? { dedupe } : {}),
    };
  }
  return copy;
}
