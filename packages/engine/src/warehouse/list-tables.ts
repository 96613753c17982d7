import type { CredentialResolver } from '../destinations/credentials.ts';
import type { PostgresDeadlines, PostgresSession } from '../destinations/postgres-session.ts';
import type { ColumnType } from '../model/column.ts';
import { isTableName } from '../nodes/ingestion.ts';
import { columnTypeOfDuckType } from '../nodes/source-facts.ts';
import { sql } from '../sql/sql.ts';
import { duckTypeOfPostgres } from './describe-table.ts';
import { openWarehouse, pgQuery, warehouseUrl } from './open-warehouse.ts';

/** What an editor picks from: a table or view a source can name, with its columns in workflow types. */
export interface WarehouseTable {
  /** `schema.table`, as a source's `table` setting names it. */
  name: string;
  kind: 'table' | 'view';
  columns: { name: string; type: ColumnType }[];
}

/** Listing reads the catalog only: anything slower than a few seconds is a database in trouble. */
export const CATALOG_DEADLINES: Readonly<PostgresDeadlines> = { connectMs: 10_000, statementMs: 10_000, closeMs: 5_000 };

/** At most this many tables are listed (the first by schema and name); a bigger catalog says it was cut. */
export const MAX_LISTED_TABLES = 500;

const VIEWS = new Set(['v', 'm', 'f']);

/**
 * The tables and views this connection's user may read, outside PostgreSQL's
 * own schemas, with their columns, from the catalog (no rows are read).
 * Names a document could not name (spaces, quotes…) are left out.
 */
export async function listTables(session: PostgresSession, limit = MAX_LISTED_TABLES): Promise<{ tables: WarehouseTable[]; truncated: boolean }> {
  const result = await session.query(pgQuery(sql`
    WITH t AS (
      SELECT c.oid, n.nspname, c.relname, c.relkind
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
        AND has_table_privilege(c.oid, 'SELECT')
      ORDER BY n.nspname, c.relname
      LIMIT ${limit + 1})
    SELECT t.nspname AS schema, t.relname AS name, t.relkind AS kind, a.attname AS column, format_type(a.atttypid, NULL) AS type
    FROM t JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY t.nspname, t.relname, a.attnum`));
  const byName = new Map<string, WarehouseTable>();
  for (const row of result.rows as { schema: string; name: string; kind: string; column: string; type: string }[]) {
    const name = `${row.schema}.${row.name}`;
    let table = byName.get(name);
    if (!table) byName.set(name, (table = { name, kind: VIEWS.has(row.kind) ? 'view' : 'table', columns: [] }));
    table.columns.push({ name: row.column, type: columnTypeOfDuckType(duckTypeOfPostgres(row.type)) });
  }
  const all = [...byName.values()];
  return { tables: all.slice(0, limit).filter((t) => isTableName(t.name)), truncated: all.length > limit };
}

/**
 * The tables of a stored connection, for the editor's table picker. Failures
 * are sentences that never carry the connection's URL.
 */
export async function listWarehouseTables(connection: string, credentials: CredentialResolver | undefined, limit = MAX_LISTED_TABLES):
  Promise<{ tables: WarehouseTable[]; truncated: boolean } | { problem: string }> {
  const found = warehouseUrl(connection, credentials);
  if ('problem' in found) return { problem: found.problem };
  let session: PostgresSession;
  try {
    session = await openWarehouse(found.url, undefined, CATALOG_DEADLINES);
  } catch (error) {
    return { problem: `the connection "${connection}" failed: ${(error as Error).message}` };
  }
  try {
    return await listTables(session, limit);
  } catch (error) {
    return { problem: `the connection "${connection}" could not list its tables: ${(error as Error).message}` };
  } finally {
    await session.close();
  }
}
