import { createHash } from 'node:crypto';
import type { Problem } from '../model/problem.ts';
import { planRun } from '../plan/index.ts';
import { executePlan } from '../run/execute-plan.ts';
import type { RunEvent } from '../run/run-events.ts';
import { ident } from '../sql/sql.ts';
import type { ConnectionPool } from '../duckdb/database.ts';
import { DuckDbBackend } from '../duckdb/duckdb-backend.ts';
import type { ResolvePath } from '../duckdb/run-workflow.ts';
import { keptColumns, storagePlan, type StoragePlan } from '../duckdb/storage-plan.ts';
import { downstreamOf } from '../graph/reachability.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { nodeHashes } from './content-hash.ts';
import { exactColumns, exactSource, sampledSource, type PreparedSource } from './source-tables.ts';
import { SummaryColumns } from './summary-columns.ts';
import { estimateBytes, TableCache } from './table-cache.ts';
import { GlobalValues } from './global-values.ts';
import { lineageHasher } from './column-lineage.ts';
import { nodesToRun } from './nodes-to-run.ts';
import { fusable } from '../duckdb/fused-filters.ts';

export interface CountEntry {
  rows: number;
  problems: Problem[];
}

/** What the lean previewer keeps between previews: tables by bytes, counts by content hash. */
export class LeanCache {
  readonly tables: TableCache;
  readonly summaries: SummaryColumns;
  readonly counts = new Map<string, CountEntry>();
  readonly values: GlobalValues;
  /** Source tables by name: what each holds (see source-tables.ts). */
  readonly sourceTables = new Map<string, { hash: string; columns?: readonly string[] }>();
  /**
   * The tables the last exact preview and the last estimate read: both are
   * kept whatever the budget, since the editor asks both after every edit and
   * each would otherwise evict the other's sources and samples.
   */
  readonly lastReads = new Map<'exact' | 'estimate', Set<string>>();

  constructor(budgetBytes: number, private readonly maxCounts = 50_000) {
    this.tables = new TableCache(budgetBytes);
    this.summaries = new SummaryColumns(this.tables);
    this.values = new GlobalValues(this.tables);
  }

  setCount(hash: string, entry: CountEntry): void {
    this.counts.delete(hash);
    this.counts.set(hash, entry);
    if (this.counts.size > this.maxCounts) this.counts.delete(this.counts.keys().next().value!);
  }
}

export interface LeanInput {
  analysis: WorkflowAnalysis & { sources: Record<string, SourceFacts> };
  /** The nodes to count, in order (all of the document's computable nodes, or what one node needs). */
  order: string[];
  asOf: string;
  fingerprints: Record<string, string>;
  /** Count on this fraction of customers (and their events). */
  sample?: number;
  signal?: AbortSignal;
  /** Each node step's events (profiling). */
  onEvent?: (event: RunEvent) => void;
}

/** How previews store: lean, writing no file, their tables kept for the next preview (the backend and this file must agree). */
const PREVIEW_STORAGE = { lean: true, deliver: false, kept: true } as const;

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Counts every node with the plan lean runs use (storage-plan.ts): one scan
 * of each events input for all its aggregates and behaviour rules (values
 * kept by definition, so an edited aggregate rescans for itself alone),
 * cheap nodes inlined into their readers, costly ones (ranks, joins read many
 * times) stored with just the columns read. A node whose content hash was
 * counted before is not run again, nor one whose customers depend on nothing
 * that changed (column-lineage.ts); a rank made again joins its kept values
 * (global-values.ts). Stored tables are kept by bytes.
 */
export async function leanCounts(pool: ConnectionPool, cache: LeanCache, resolvePath: ResolvePath, input: LeanInput) {
  const { analysis, asOf, sample } = input;
  const hashes = nodeHashes(analysis, input.order, { asOf, sample, fingerprints: input.fingerprints });
  const exactHashes = sample ? nodeHashes(analysis, input.order, { asOf, fingerprints: input.fingerprints }) : hashes;
  const sourceIds = input.order.filter((id) => analysis.nodes.get(id)!.definition.scope === 'source');
  const counts = new Map<string, CountEntry>();
  const reads = new Set<string>();
  const computed: string[] = [];
  const failed: { id: string; error: string }[] = [];
  const connection = await pool.acquire();
  const prepared = new Map<string, PreparedSource>();
  const summaryTables = new Map<string, string>();
  let order = input.order;
  let scoped = { ...analysis, order };
  let storage: StoragePlan;
  try {
    const context = { connection, analysis, sources: analysis.sources, resolvePath, asOf, tables: cache.tables, counts: cache.counts, sourceTables: cache.sourceTables };
    // A source's table keeps what this document reads of it (a counting plan reads few customer columns).
    const planned = storagePlan(scoped, planRun(scoped, { mode: 'sequential', partitions: 1 }), PREVIEW_STORAGE);
    for (const id of sourceIds) {
      try {
        const columns = keptColumns(scoped, planned, id)?.map((c) => c.name);
        const source = sample
          ? await sampledSource(context, id, hashes.get(id)!, exactHashes.get(id)!, sample, columns)
          : await exactSource(context, id, hashes.get(id)!, columns);
        prepared.set(id, source);
        counts.set(id, source.count);
        if (source.table) reads.add(source.table);
        if (source.computed) computed.push(id);
      } catch (e) {
        // A file that cannot be read fails its node, as in a run; what reads it is not counted.
        failed.push({ id, error: (e as Error).message });
      }
    }
    if (failed.length) {
      const blocked = downstreamOf(analysis.adjacency, failed.map((f) => f.id));
      order = order.filter((id) => !blocked.has(id) && !failed.some((f) => f.id === id));
      scoped = { ...analysis, order };
    }
    storage = storagePlan(scoped, planRun(scoped, { mode: 'sequential', partitions: 1 }), PREVIEW_STORAGE);
    for (const [eventsId, steps] of storage.summaries) {
      const events = prepared.get(eventsId);
      if (!events) continue;
      const schema = analysis.schemas.get(eventsId)!;
      const made = await cache.summaries.summaryTable(connection, steps, { rows: events.rows, schema, exact: exactColumns(context, eventsId), hash: hashes.get(eventsId)! }, asOf);
      summaryTables.set(eventsId, made.table);
      for (const t of made.reads) reads.add(t);
    }
  } finally {
    pool.release(connection);
  }
  if (input.signal?.aborted) return { hashes, counts, computed, failed };

  const stored = (id: string) => !storage.inline.has(id) && !storage.chains.folded.has(id);
  const tableOf = (id: string) => {
    const source = prepared.get(id);
    if (source) return source.table ?? `s_${hashes.get(id)}`;
    const kept = keptColumns(scoped, storage, id);
    return `n_${hashes.get(id)}_${sha(kept ? kept.map((c) => c.name).join() : '*')}`;
  };
  const lineage = lineageHasher(scoped, hashes, asOf);
  const rowsKey = (id: string) => `rows:${lineage(id, new Set())}`;
  // A count reused from a node with other settings but the same customers; one with problems to report is not.
  const known = (id: string) => {
    const byContent = cache.counts.get(hashes.get(id)!);
    if (byContent) return byContent;
    const byRows = cache.counts.get(rowsKey(id));
    return byRows && !byRows.problems.length ? byRows : undefined;
  };
  const hasTable = (id: string) => prepared.has(id) || cache.tables.has(tableOf(id));
  const toRun = nodesToRun(scoped, order.filter((id) => !prepared.has(id)), { counted: (id) => known(id) !== undefined, stored, hasTable, readThrough: (id) => fusable(scoped, id) });
  const completed = new Set(order.filter((id) => !toRun.has(id)));
  const plan = planRun(scoped, { mode: 'sequential', partitions: 1, completed });
  for (const id of order) if (completed.has(id) && !prepared.has(id)) {
    counts.set(id, known(id)!);
    if (stored(id) && hasTable(id)) (cache.tables.touch(tableOf(id)), reads.add(tableOf(id)));
  }
  const valueKeys = new Map<string, string>();
  for (const id of order) {
    const key = GlobalValues.keyOf(scoped, lineage, id);
    if (key) valueKeys.set(id, key);
  }
  const knownValues = (id: string) => {
    const found = valueKeys.has(id) ? cache.values.lookup(valueKeys.get(id)!) : undefined;
    if (!found) return undefined;
    cache.tables.touch(found.table);
    reads.add(found.table);
    return found.rows;
  };
  const backend = new DuckDbBackend({
    knownValues,
    analysis: scoped, plan, pool, asOf, sources: analysis.sources, resolvePath, runId: 'preview',
    knownCounts: new Map([...counts].map(([id, c]) => [id, c.rows])),
    wholeTableName: tableOf, summaryTable: (eventsId) => ident(summaryTables.get(eventsId)!), ...PREVIEW_STORAGE, temporaryTables: true,
  });
  const state = await executePlan(plan, analysis.adjacency, backend, { runId: 'preview', asOf, concurrency: 1, signal: input.signal, completed, onEvent: input.onEvent });
  for (const [id, node] of Object.entries(state.nodes)) {
    if (node.status === 'succeeded' || node.status === 'warning') {
      const entry = { rows: node.rows, problems: node.problems };
      cache.setCount(hashes.get(id)!, entry);
      if (!entry.problems.length) cache.setCount(rowsKey(id), entry);
      counts.set(id, entry);
      computed.push(id);
      if (stored(id)) {
        const kept = keptColumns(scoped, storage, id) ?? analysis.schemas.get(id)!.columns;
        cache.tables.add(tableOf(id), estimateBytes(node.rows, kept.map((c) => c.type)));
        reads.add(tableOf(id));
      }
    } else if (node.status === 'failed') failed.push({ id, error: node.error ?? 'This node failed.' });
  }
  rememberValues(cache, scoped, storage, valueKeys, computed, tableOf);
  const connection2 = await pool.acquire();
  try {
    cache.lastReads.set(sample ? 'estimate' : 'exact', reads);
    await cache.tables.evict(connection2, new Set([...cache.lastReads.values()].flatMap((r) => [...r])));
  } finally {
    pool.release(connection2);
  }
  return { hashes, counts, computed, failed };
}

/** Remembers where the new column of each global node just computed is (see global-values.ts). */
function rememberValues(cache: LeanCache, analysis: LeanInput['analysis'], storage: StoragePlan, valueKeys: ReadonlyMap<string, string>, computed: readonly string[], tableOf: (id: string) => string): void {
  for (const id of computed) {
    const key = valueKeys.get(id);
    if (!key || storage.inline.has(id)) continue;
    const schema = analysis.schemas.get(id)!;
    const own = schema.columns.find((c) => c.origin === id);
    const kept = keptColumns(analysis, storage, id);
    // A column no reader keeps holds nothing to reuse.
    if (own && (!kept || kept.includes(own))) cache.values.remember(key, { table: tableOf(id), key: schema.key, column: own.name });
  }
}
