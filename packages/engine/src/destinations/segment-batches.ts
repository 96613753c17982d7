import type { ColumnType } from '../model/column.ts';

/**
 * A computed segment as a destination reads it. `batches(size)` must yield the
 * same rows in the same order every time (the DuckDB backend orders by key),
 * so batch n of a resumed delivery holds what batch n held before the crash.
 */
export interface SegmentBatches {
  /** Columns to deliver, key first. */
  columns: string[];
  count: number;
  batches(size: number): AsyncIterable<Record<string, unknown>[]>;
  /** The key column; defaults to the first column. */
  key?: string;
  /** Column types; a postgres table needs them (missing ones become text). */
  types?: Record<string, ColumnType>;
}

/**
 * A segment over rows in memory (tests, small previews).
 *
 * @example
 *   segmentFromRows([{ id: 1n, name: 'Ada' }], { types: { id: 'integer', name: 'string' } })
 */
export function segmentFromRows(
  rows: Record<string, unknown>[],
  options: { columns?: string[]; key?: string; types?: Record<string, ColumnType> } = {},
): SegmentBatches {
  const columns = options.columns ?? Object.keys(options.types ?? rows[0] ?? {});
  return {
    columns,
    key: options.key,
    types: options.types,
    count: rows.length,
    async *batches(size) {
      for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
    },
  };
}

/** The key column a destination keys rows on. */
export const segmentKey = (segment: SegmentBatches): string => segment.key ?? segment.columns[0];

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A value as JSON carries it: integers as numbers while they are exact, else as
 * strings; dates as `YYYY-MM-DD`, timestamps as ISO 8601 strings.
 */
export function jsonValue(value: unknown, type?: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return type === 'date' ? isoDate(value) : value.toISOString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value); // engine value objects (DuckDB dates, decimals) print themselves
}

/** The delivered columns of a row, each as JSON carries it. */
export function jsonRow(row: Record<string, unknown>, segment: SegmentBatches): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of segment.columns) out[c] = jsonValue(row[c], segment.types?.[c]);
  return out;
}

/**
 * A value as PostgreSQL's text input reads it (the postgres destination binds
 * whole columns as arrays). Timestamps are UTC without a zone, for a
 * `timestamp` column that would otherwise drop the offset silently.
 */
export function pgText(value: unknown, type?: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return type === 'date' ? isoDate(value) : value.toISOString().replace('Z', '');
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return String(value);
}
