import { PermanentError } from '../run/permanent-error.ts';
import pg from 'pg';
import type { z } from 'zod';
import type { AddressAllowList } from './address-policy.ts';
import type { ColumnType } from '../model/column.ts';
import type { DeliveryContext } from './deliver-webhook.ts';
import { postgresDestination, type PostgresDestination } from './destination-schema.ts';
import { connectPostgres, postgresClient } from './postgres-client.ts';
import { isPermanentPostgresError, openPostgres, POSTGRES_DEADLINES, type PostgresDeadlines } from './postgres-session.ts';
import { pgText, segmentKey, type SegmentBatches } from './segment-batches.ts';

/** Column types as the destination table declares them. */
export const PG_TYPES: Record<ColumnType, string> = {
  integer: 'bigint',
  number: 'double precision',
  string: 'text',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
};

export interface PostgresDelivery {
  rows: number;
  /** True when the ledger already had this delivery: nothing was written. */
  skipped: boolean;
}

export interface PostgresContext extends DeliveryContext {
  /** Addresses the database may be at besides public ones. */
  allow: AddressAllowList;
  /** Shorter deadlines than POSTGRES_DEADLINES (tests). */
  deadlines?: Partial<PostgresDeadlines>;
}

/** The ledger key of a delivered table: one per run and output node. */
export const postgresDeliveryKey = (runId: string, nodeId: string) => `${runId}:${nodeId}:pg`;

const q = pg.escapeIdentifier;

/**
 * Makes a PostgreSQL table hold exactly the segment: creates it if missing
 * (primary key on the segment key), upserts every batch and deletes the rows
 * no longer in the segment, all in one transaction, then records the delivery
 * in the ledger. A delivery cut short before COMMIT leaves the table as it was
 * and is simply redone. Identifiers are quoted, values bound (whole columns as
 * arrays, so a batch is one statement whatever its width).
 *
 * With `changes` (a change-only delivery), `segment` holds the entered rows
 * only: they are upserted and the `exited` keys deleted, in one transaction, so
 * the table again equals the segment; rows that stayed are not touched.
 *
 * @example
 *   await deliverPostgres(segment, { type: 'postgres', connection: url, table: 'vip' },
 *     { runId, nodeId: 'out1', segmentName: 'vip', ledger, allow: {} });
 */
export async function deliverPostgres(
  segment: SegmentBatches,
  destination: z.input<typeof postgresDestination> | PostgresDestination,
  ctx: PostgresContext,
  changes?: { exited: SegmentBatches },
): Promise<PostgresDelivery> {
  const dest = postgresDestination.parse(destination);
  const ledgerKey = postgresDeliveryKey(ctx.runId, ctx.nodeId);
  if (await ctx.ledger.delivered(ledgerKey)) return { rows: segment.count, skipped: true };
  const key = dest.key ?? segmentKey(segment);
  const table = dest.schema ? `${q(dest.schema)}.${q(dest.table)}` : q(dest.table);
  const where = `segment "${ctx.segmentName}" into table ${dest.schema ? `${dest.schema}.` : ''}${dest.table}`;
  checkColumns(segment.columns, key, where);
  ctx.signal?.throwIfAborted();

  const client = postgresClient(dest.connection, ctx.allow);
  const db = await openPostgres(client, ctx.signal, { ...POSTGRES_DEADLINES, ...ctx.deadlines }, connectPostgres).catch((error: unknown) => {
    throw failure(where, error, ctx.signal);
  });
  let rows = 0;
  try {
    await db.query('BEGIN');
    const statements = tableStatements(table, segment, key);
    for (const text of statements.prepare) await db.query(text);
    const totalBatches = Math.ceil(segment.count / dest.batchSize);
    let batch = 0;
    for await (const chunk of segment.batches(dest.batchSize)) {
      ctx.signal?.throwIfAborted();
      const values = segment.columns.map((c) => chunk.map((row) => pgText(row[c], segment.types?.[c])));
      await db.query({ name: 'segflow_upsert', text: statements.upsert, values });
      rows += chunk.length;
      ctx.onProgress?.(++batch, totalBatches);
    }
    // Exited rows go by the segment's key, which the table holds even when its primary key is another column.
    const memberKey = segmentKey(segment);
    if (!changes) await db.query(statements.deleteMissing);
    else
      for await (const chunk of changes.exited.batches(dest.batchSize)) {
        ctx.signal?.throwIfAborted();
        await db.query({ name: 'segflow_delete', text: statements.deleteKeys, values: [chunk.map((row) => pgText(row[memberKey], segment.types?.[memberKey]))] });
      }
    ctx.signal?.throwIfAborted();
    await db.query('COMMIT');
  } catch (error) {
    // A cancelled or timed-out call has dropped the connection already, which rolls the transaction back.
    await db.rollback();
    throw failure(where, error, ctx.signal);
  } finally {
    await db.close();
  }
  await ctx.ledger.record(ledgerKey);
  return { rows, skipped: false };
}

/** The run's cancel as it is; otherwise the failure named, permanent when another attempt would fail the same way. */
function failure(where: string, error: unknown, signal: AbortSignal | undefined): Error {
  signal?.throwIfAborted();
  const message = `Postgres delivery of ${where} failed: ${(error as Error).message}`;
  return error instanceof PermanentError || isPermanentPostgresError(error) ? new PermanentError(message, { cause: error }) : new Error(message, { cause: error });
}

function checkColumns(columns: string[], key: string, where: string): void {
  if (!columns.includes(key)) throw new PermanentError(`Postgres delivery of ${where}: the key column "${key}" is not among the segment's columns.`);
  // PostgreSQL cuts longer names to 63 bytes, which could merge two columns.
  const long = columns.find((c) => Buffer.byteLength(c) > 63);
  if (long) throw new PermanentError(`Postgres delivery of ${where}: column "${long}" is longer than PostgreSQL's 63-byte limit.`);
}

/** The statements of one delivery; every identifier quoted, every value a parameter. */
function tableStatements(table: string, segment: SegmentBatches, key: string) {
  const type = (c: string) => PG_TYPES[segment.types?.[c] ?? 'string'];
  const columns = segment.columns;
  const others = columns.filter((c) => c !== key);
  const keys = 'pg_temp.segflow_delivered_keys';
  // Updating the key to itself when it is the only column keeps RETURNING complete.
  const updates = (others.length ? others : [key]).map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(', ');
  return {
    prepare: [
      `CREATE TABLE IF NOT EXISTS ${table} (${columns.map((c) => `${q(c)} ${type(c)}`).join(', ')}, PRIMARY KEY (${q(key)}))`,
      ...(others.length ? [`ALTER TABLE ${table} ${others.map((c) => `ADD COLUMN IF NOT EXISTS ${q(c)} ${type(c)}`).join(', ')}`] : []),
      // Two deliveries into one table take turns instead of deleting each other's rows.
      `LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`,
      `CREATE TEMP TABLE segflow_delivered_keys (k ${type(key)} PRIMARY KEY) ON COMMIT DROP`,
    ],
    upsert:
      `WITH upserted AS (INSERT INTO ${table} (${columns.map(q).join(', ')}) ` +
      `SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${type(c)}[]`).join(', ')}) ` +
      `ON CONFLICT (${q(key)}) DO UPDATE SET ${updates} RETURNING ${q(key)}) ` +
      `INSERT INTO ${keys} (k) SELECT * FROM upserted`,
    deleteKeys: `DELETE FROM ${table} WHERE ${q(segmentKey(segment))} = ANY($1::${type(segmentKey(segment))}[])`,
    deleteMissing: `DELETE FROM ${table} AS t WHERE NOT EXISTS (SELECT 1 FROM ${keys} AS d WHERE d.k = t.${q(key)})`,
  };
}
