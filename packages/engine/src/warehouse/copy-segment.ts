import type { DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import type { PostgresSession } from '../destinations/postgres-session.ts';
import type { Schema } from '../model/column.ts';
import { duckdbDialect } from '../sql/dialects/index.ts';
import { ident, join, raw, renderSql, sql, type Sql } from '../sql/sql.ts';
import { execute } from '../duckdb/database.ts';

/** Rows fetched per round trip: a segment of millions never sits in memory whole. */
const BATCH = 10_000;

/** Every value as PostgreSQL writes it: DuckDB reads the same text back as the column's type. */
const AS_TEXT = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;

/**
 * Copies a segment's rows out of the warehouse into a DuckDB table named
 * `name` (its schema's types, rows in key order), batch by batch through a
 * cursor. Values travel as text, so nothing is lost to JavaScript numbers or
 * dates in the local time zone.
 */
export async function copySegment(session: PostgresSession, table: Sql, schema: Schema, duckdb: DuckDBConnection, name: string): Promise<string> {
  const columns = schema.columns.map((c) => ident(c.name));
  const staging = `${name}__text`;
  await execute(duckdb, sql`CREATE OR REPLACE TABLE ${ident(staging)} (${join(columns.map((c) => sql`${c} VARCHAR`), ', ')})`);
  const appender = await duckdb.createAppender(staging);
  await session.query('BEGIN');
  try {
    const select = renderSql(sql`SELECT ${join(columns, ', ')} FROM ${table} ORDER BY ${ident(schema.key)}`);
    if (select.params.length) throw new Error('a segment cursor takes no bound values');
    await session.query(`DECLARE segflow_segment NO SCROLL CURSOR FOR ${select.text}`);
    for (;;) {
      const batch = await session.query({ text: `FETCH ${BATCH} FROM segflow_segment`, types: AS_TEXT });
      for (const row of batch.rows as Record<string, string | null>[]) {
        for (const { name: column } of schema.columns) {
          const value = row[column];
          if (value === null) appender.appendNull();
          else appender.appendVarchar(value);
        }
        appender.endRow();
      }
      if (batch.rows.length < BATCH) break;
    }
    await session.query('COMMIT');
  } catch (error) {
    await session.rollback();
    throw error;
  } finally {
    appender.closeSync();
  }
  const typed = schema.columns.map((c) => sql`CAST(${ident(c.name)} AS ${raw(duckdbDialect.type(c.type))}) AS ${ident(c.name)}`);
  await execute(duckdb, sql`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT ${join(typed, ', ')} FROM ${ident(staging)} ORDER BY ${ident(schema.key)}`);
  await execute(duckdb, sql`DROP TABLE ${ident(staging)}`);
  return name;
}
