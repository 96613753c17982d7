import type { PostgresSession } from '../destinations/postgres-session.ts';
import type { WarehouseReadConfig } from '../nodes/ingestion.ts';
import { tableParts } from '../nodes/ingestion.ts';
import { columnTypeOfDuckType, type SourceFacts } from '../nodes/source-facts.ts';
import { sql, type Sql } from '../sql/sql.ts';
import { pgQuery } from './open-warehouse.ts';

/**
 * PostgreSQL's catalog types in DuckDB's words, so a table's columns read
 * like a file's (source-facts.ts): the reading SQL then normalises them the
 * same way (a timestamptz becomes a UTC timestamp, a uuid text).
 */
const DUCK_TYPES: Record<string, string> = {
  smallint: 'SMALLINT', integer: 'INTEGER', bigint: 'BIGINT',
  real: 'FLOAT', 'double precision': 'DOUBLE', numeric: 'DECIMAL',
  boolean: 'BOOLEAN', date: 'DATE',
  'timestamp without time zone': 'TIMESTAMP', 'timestamp with time zone': 'TIMESTAMP WITH TIME ZONE',
  text: 'VARCHAR', 'character varying': 'VARCHAR', character: 'VARCHAR',
};

export const duckTypeOfPostgres = (type: string): string => DUCK_TYPES[type] ?? type.toUpperCase();

/** The table's name as `to_regclass` reads it, from bound parts. */
function qualifiedName(table: string): Sql {
  const { schema, name } = tableParts(table);
  return schema === undefined ? sql`quote_ident(${name})` : sql`quote_ident(${schema}) || '.' || quote_ident(${name})`;
}

/** Whether rows have a storage order (`ctid`): tables and materialized views do, views and foreign tables do not. */
export async function hasStorageOrder(session: PostgresSession, table: string): Promise<boolean> {
  const result = await session.query(pgQuery(sql`SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(${qualifiedName(table)})`));
  return ['r', 'p', 'm'].includes(String(result.rows[0]?.relkind));
}

/**
 * A table's columns from the catalog, without reading its rows. The name is
 * bound, never spliced: `to_regclass` resolves it (in the search path when
 * no schema is given) and answers NULL for a table that does not exist.
 */
export async function describeTable(session: PostgresSession, config: WarehouseReadConfig): Promise<SourceFacts> {
  const qualified = qualifiedName(config.table);
  const result = await session.query(pgQuery(sql`
    SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type
    FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = to_regclass(${qualified}) AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attnum`));
  if (!result.rows.length) return { ok: false, message: `there is no table "${config.table}" in the connection "${config.connection}" (or it has no columns, or this user cannot see it).` };
  const columns = result.rows.map((row: { name: string; type: string }) => {
    const duckType = duckTypeOfPostgres(row.type);
    return { name: row.name, duckType, type: config.columns?.[row.name]?.type ?? columnTypeOfDuckType(duckType) };
  });
  return { ok: true, columns };
}
