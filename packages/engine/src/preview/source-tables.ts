import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Problem } from '../model/problem.ts';
import { countRows, exactDecimals, ingestSource, parquetRowsSql, sampleFilter } from '../duckdb/ingest-source.ts';
import type { ResolvePath } from '../duckdb/run-workflow.ts';
import { createTableAs, execute } from '../duckdb/database.ts';
import { dateLiteral, ident, sql, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { fileRead } from '../nodes/ingestion.ts';
import { estimateBytes, type TableCache } from './table-cache.ts';

/** A source's rows as previews read them, and its count. */
export interface PreparedSource {
  /** A table, or for Parquet events a SELECT reading the file in place. */
  rows: Sql;
  /** The table the node's readers see (absent for events read in place). */
  table?: string;
  count: { rows: number; problems: Problem[] };
  /** Whether the source was read for this preview (else it came from the cache). */
  computed: boolean;
}

export interface SourceContext {
  connection: DuckDBConnection;
  analysis: Pick<WorkflowAnalysis, 'nodes' | 'schemas'>;
  sources: Record<string, SourceFacts>;
  resolvePath: ResolvePath;
  asOf: string;
  tables: TableCache;
  counts: Map<string, { rows: number; problems: Problem[] }>;
  /** Each source table made: the content hash it holds and its columns (absent: all). */
  sourceTables: Map<string, { hash: string; columns?: readonly string[] }>;
}

const isEvents = (c: SourceContext, id: string) => c.analysis.nodes.get(id)!.definition.output === 'events';
const typesOf = (c: SourceContext, id: string, columns?: readonly string[]) =>
  c.analysis.schemas.get(id)!.columns.filter((col) => !columns || columns.includes(col.name)).map((col) => col.type);
/** A table holding some columns only is named by them too: another document reading more makes its own. */
const columnsSuffix = (columns: readonly string[] | undefined) => (columns ? `_${createHash('sha256').update(columns.join('\u0000')).digest('hex').slice(0, 12)}` : '');

/**
 * A source's cleaned rows, read once per content hash (file fingerprint and
 * settings) and the columns its readers read (`columns`; all when absent):
 * customers into a table, with those columns alone; Parquet events stay in their file, read
 * by each summary scan; text events are parsed into a table once.
 */
export async function exactSource(c: SourceContext, id: string, hash: string, columns?: readonly string[]): Promise<PreparedSource> {
  const node = c.analysis.nodes.get(id)!;
  const target = `s_${hash}${columnsSuffix(columns)}`;
  const ctx = { nodeId: id, config: node.config, inputs: {}, output: c.analysis.schemas.get(id)!, asOf: dateLiteral(c.asOf) };
  const t = { node, ctx, facts: c.sources[id], resolvePath: c.resolvePath, rawTable: ident(`raw_${hash}`) };
  const inPlace = isEvents(c, id) ? parquetRowsSql(t) : undefined;
  const known = c.counts.get(hash);
  if (inPlace && known) return { rows: sql`(${inPlace})`, count: known, computed: false };
  const kept = !inPlace && known ? keptTable(c, hash, target, columns) : undefined;
  if (kept) {
    c.tables.touch(kept);
    return { rows: ident(kept), table: kept, count: known!, computed: false };
  }
  const outcome = await ingestSource(c.connection, { ...t, target: ident(target), inline: Boolean(inPlace), temporary: true, columns: inPlace ? undefined : columns });
  const count = { rows: outcome.rows ?? 0, problems: outcome.problems ?? [] };
  c.counts.set(hash, count);
  if (inPlace) return { rows: sql`(${inPlace})`, count, computed: true };
  c.tables.add(target, estimateBytes(count.rows, typesOf(c, id, columns)));
  c.sourceTables.set(target, { hash, columns });
  return { rows: ident(target), table: target, count, computed: true };
}

/** A table of the source still kept with at least `columns` (the one named for them first): another document's may do. */
function keptTable(c: SourceContext, hash: string, target: string, columns: readonly string[] | undefined): string | undefined {
  if (c.tables.has(target)) return target;
  for (const [table, held] of c.sourceTables) {
    if (!c.tables.has(table)) c.sourceTables.delete(table);
    else if (held.hash === hash && (!held.columns || (columns && columns.every((name) => held.columns!.includes(name))))) return table;
  }
  return undefined;
}

/**
 * The same source's rows for estimates: the customers whose key hashes into
 * the sample, and their events, materialised once per content hash, so an
 * estimate scans the sample only.
 */
export async function sampledSource(c: SourceContext, id: string, hash: string, exactHash: string, fraction: number, columns?: readonly string[]): Promise<PreparedSource> {
  const target = `e_${hash}${isEvents(c, id) ? '' : columnsSuffix(columns)}`;
  const known = c.counts.get(hash);
  if (known && c.tables.has(target)) {
    c.tables.touch(target);
    return { rows: ident(target), table: target, count: known, computed: false };
  }
  const exact = await exactSource(c, id, exactHash, columns);
  const key = c.analysis.schemas.get(id)!.key;
  await execute(c.connection, createTableAs(ident(target), sql`SELECT * FROM ${exact.rows} WHERE ${sampleFilter(key, fraction)}`, { temporary: true }));
  const count = { rows: await countRows(c.connection, ident(target)), problems: [] };
  c.counts.set(hash, count);
  c.tables.add(target, estimateBytes(count.rows, typesOf(c, id, isEvents(c, id) ? undefined : columns)));
  return { rows: ident(target), table: target, count, computed: true };
}

/** Number columns of a source whose sums are exact as read (see ingest-source.ts). */
export function exactColumns(c: Pick<SourceContext, 'analysis' | 'sources'>, id: string): Set<string> {
  const node = c.analysis.nodes.get(id)!;
  return exactDecimals(fileRead(node.definition.read!(node.config)), c.sources[id]);
}
