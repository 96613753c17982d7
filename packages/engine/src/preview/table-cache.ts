import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnType } from '../model/column.ts';
import { ident, sql } from '../sql/sql.ts';
import { execute } from '../duckdb/database.ts';

/** Bytes a value of each type takes in a table, about (strings: a short text's). */
const WIDTH: Record<ColumnType, number> = { integer: 8, number: 8, boolean: 1, date: 4, timestamp: 8, string: 24 };

/** A table's size from its row count and column types: what the cache budget counts. */
export const estimateBytes = (rows: number, types: readonly ColumnType[]) => rows * (8 + types.reduce((n, t) => n + (WIDTH[t] ?? 16), 0));

/**
 * The tables previews keep between edits, least recently used first, bounded
 * by their bytes (not their number: one table of a million customers weighs
 * more than a hundred small ones). Tables the current preview reads are never
 * dropped, even beyond the budget.
 */
export class TableCache {
  private readonly bytes = new Map<string, number>();

  constructor(private readonly budget: number) {}

  has(name: string): boolean {
    return this.bytes.has(name);
  }

  /** Marks a table as just used. */
  touch(name: string): void {
    const size = this.bytes.get(name);
    if (size === undefined) return;
    this.bytes.delete(name);
    this.bytes.set(name, size);
  }

  add(name: string, bytes: number): void {
    this.bytes.delete(name);
    this.bytes.set(name, bytes);
  }

  get totalBytes(): number {
    let n = 0;
    for (const b of this.bytes.values()) n += b;
    return n;
  }

  /** Drops the oldest tables not in `keep` until the cache fits its budget; returns their names. */
  async evict(connection: DuckDBConnection, keep: ReadonlySet<string>): Promise<string[]> {
    let total = this.totalBytes;
    const dropped: string[] = [];
    for (const [name, size] of [...this.bytes]) {
      if (total <= this.budget) break;
      if (keep.has(name)) continue;
      this.bytes.delete(name);
      total -= size;
      dropped.push(name);
      await execute(connection, sql`DROP TABLE IF EXISTS ${ident(name)}`);
    }
    return dropped;
  }
}
