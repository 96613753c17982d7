import { join } from 'node:path';
import { ident, queryRows, sql, type Database } from '../packages/engine/src/node.ts';
import { HAND_TABLE } from './hand-sql.ts';
import { SEGMENTS } from './reference-workflow.ts';

type Connection = Awaited<ReturnType<Database['connect']>>;

/** Segment name → its customer keys, ascending. */
export type Segments = Record<string, number[]>;

/** The keys of each segment file a delivering run wrote to `dir` (`SEGMENT.parquet`). */
export async function readSegmentFiles(connection: Connection, dir: string, names: readonly string[] = SEGMENTS): Promise<Segments> {
  const segments: Segments = {};
  for (const name of names) {
    const rows = await queryRows(connection, sql`SELECT CAST(customer_id AS DOUBLE) AS k FROM read_parquet(${join(dir, `${name}.parquet`)}) ORDER BY k`);
    segments[name] = rows.map((r) => Number(r.k));
  }
  return segments;
}

/** The keys of each segment in the table the hand-written statement made. */
export async function readHandSegments(connection: Connection, names: readonly string[] = SEGMENTS): Promise<Segments> {
  const rows = await queryRows(connection, sql`SELECT segment, CAST(customer_id AS DOUBLE) AS k FROM ${ident(HAND_TABLE)} ORDER BY segment, k`);
  const segments: Segments = Object.fromEntries(names.map((s) => [s, [] as number[]]));
  for (const r of rows) segments[String(r.segment)].push(Number(r.k));
  return segments;
}

/**
 * Throws, naming the first difference, unless both give every segment with
 * exactly the same keys. Nothing is printed about speed before this passes.
 */
export function assertSameSegments(expected: Segments, actual: Segments, what: string, names: readonly string[] = SEGMENTS): void {
  for (const name of names) {
    const a = expected[name];
    const b = actual[name];
    if (!a || !b) throw new Error(`SEGMENTS DIFFER: ${what}: segment "${name}" missing`);
    const i = a.findIndex((k, j) => k !== b[j]);
    if (a.length !== b.length || i !== -1)
      throw new Error(`SEGMENTS DIFFER: ${what}: "${name}" has ${b.length} keys where the reference has ${a.length}; first difference at position ${i === -1 ? Math.min(a.length, b.length) : i} (${a[i]} vs ${b[i]})`);
  }
}

/** Segment sizes, for the report. */
export const segmentSizes = (s: Segments, names: readonly string[] = SEGMENTS) => Object.fromEntries(names.map((n) => [n, s[n].length]));
