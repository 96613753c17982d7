import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { countRows } from '../duckdb/ingest-source.ts';
import { createTableAs, execute } from '../duckdb/database.ts';
import { summarySql, type SummaryStep } from '../nodes/event-summary.ts';
import type { Schema } from '../model/column.ts';
import { dateLiteral, ident, join, sql, type Sql } from '../sql/sql.ts';
import { canonicalJson, RESULT_VERSION } from './content-hash.ts';
import { estimateBytes, type TableCache } from './table-cache.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** Summary views kept, at most (each costs a catalog entry, no data). */
const MAX_VIEWS = 200;

/** Where one summary value is kept: a column of a cached table. */
interface Kept {
  table: string;
  column: string;
}

/**
 * Per-customer summary values kept between previews, one column per value,
 * keyed by the value's definition, the as-of date its windows count back from
 * and its events' content hash (file, settings, sample; an events node's hash
 * leaves the as-of out, since its rows do not depend on it): not by the node holding it, so renaming or
 * moving a node reuses it. Editing one aggregate scans the events once for
 * that value alone; the others are reused.
 */
export class SummaryColumns {
  private readonly kept = new Map<string, Kept>();
  /** The summary views made, oldest first, with the tables each reads. */
  private readonly views = new Map<string, readonly string[]>();

  constructor(private readonly tables: TableCache) {}

  /** A value's key: what it computes over which events. */
  static keyOf(step: SummaryStep, eventsHash: string, asOf: string): string {
    const what = 'sequence' in step ? { sequence: step.sequence } : { config: step.config };
    return sha(canonicalJson({ v: RESULT_VERSION, what, events: eventsHash, asOf }));
  }

  /**
   * A view of every step's value by customer (`__segflow_key`, then one
   * `__segflow_<step id>` column each), as `summarySql` would make it: values
   * missing from the cache are computed in ONE scan of `events`, the view
   * joins the kept columns. Returns its name and the tables it reads.
   */
  async summaryTable(connection: DuckDBConnection, steps: SummaryStep[], events: { rows: Sql; schema: Schema; exact: ReadonlySet<string>; hash: string }, asOf: string): Promise<{ table: string; reads: string[]; computed: boolean }> {
    const keys = steps.map((s) => SummaryColumns.keyOf(s, events.hash, asOf));
    const combined = `m_${sha(canonicalJson(steps.map((s, i) => [s.nodeId, keys[i]])))}`;
    const known = this.views.get(combined);
    if (known?.every((t) => this.tables.has(t))) {
      for (const t of known) this.tables.touch(t);
      this.views.delete(combined);
      this.views.set(combined, known); // most recently used last
      return { table: combined, reads: [...known, combined], computed: false };
    }
    const missing = steps.filter((_, i) => !this.available(keys[i]));
    if (missing.length) {
      const missingKeys = missing.map((s) => SummaryColumns.keyOf(s, events.hash, asOf));
      const table = `v_${sha(missingKeys.join())}`;
      // Each value under its key's name, so a later document finds it whatever its node is called.
      const renamed = missing.map((s, i) => ({ ...s, nodeId: `k${missingKeys[i]}` }));
      await execute(connection, createTableAs(ident(table), summarySql(renamed, { from: events.rows, schema: events.schema, exact: events.exact }, dateLiteral(asOf)), { temporary: true }));
      const rows = await countRows(connection, ident(table));
      this.tables.add(table, estimateBytes(rows, missing.map(() => 'number' as const)));
      for (const key of missingKeys) this.kept.set(key, { table, column: `__segflow_k${key}` });
    }
    const sources = [...new Set(keys.map((k) => this.kept.get(k)!.table))];
    for (const t of sources) this.tables.touch(t);
    const alias = (t: string) => ident(`t${sources.indexOf(t)}`);
    const columns = steps.map((s, i) => {
      const k = this.kept.get(keys[i])!;
      return sql`${alias(k.table)}.${ident(k.column)} AS ${ident(`__segflow_${s.nodeId}`)}`;
    });
    const from = sources.map((t, i) => (i === 0 ? sql`${ident(t)} AS ${alias(t)}` : sql`FULL JOIN ${ident(t)} AS ${alias(t)} USING (__segflow_key)`));
    // A view, not a copy: an aggregate edit used to copy every summary column of a million customers into a table of
    // its own, kept in memory like the values themselves; its readers scan the kept columns instead (faster, too).
    await execute(connection, sql`CREATE OR REPLACE TEMP VIEW ${ident(combined)} AS SELECT __segflow_key, ${join(columns, ', ')} FROM ${join(from, ' ')}`);
    await this.rememberView(connection, combined, sources);
    return { table: combined, reads: [...sources, combined], computed: missing.length > 0 };
  }

  private async rememberView(connection: DuckDBConnection, name: string, sources: readonly string[]): Promise<void> {
    this.views.delete(name);
    this.views.set(name, sources);
    if (this.views.size <= MAX_VIEWS) return;
    const oldest = this.views.keys().next().value!;
    this.views.delete(oldest);
    await execute(connection, sql`DROP VIEW IF EXISTS ${ident(oldest)}`);
  }

  /** A kept value whose table is still there. */
  private available(key: string): boolean {
    const kept = this.kept.get(key);
    if (kept && this.tables.has(kept.table)) return true;
    this.kept.delete(key);
    return false;
  }
}

