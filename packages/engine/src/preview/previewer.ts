import { fileRead } from '../nodes/ingestion.ts';
import { upstreamOf } from '../graph/index.ts';
import { error, type Problem } from '../model/problem.ts';
import { planRun } from '../plan/index.ts';
import { executePlan } from '../run/execute-plan.ts';
import { ident, sql, type Sql } from '../sql/sql.ts';
import { ConnectionPool, openDatabase, queryRows, execute, type Database } from '../duckdb/database.ts';
import { DuckDbBackend } from '../duckdb/duckdb-backend.ts';
import { cachedDescribe, fingerprint } from '../duckdb/read-source.ts';
import { checkWorkflow, todayUtc, type ResolvePath } from '../duckdb/run-workflow.ts';
import { nodeHashes } from './content-hash.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Schema } from '../model/column.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';
import type { MemberRows, NodeCount, PreviewResult, RuleCounts } from './preview-result.ts';
import { columnValues, type ColumnValues } from './column-values.ts';
import { ruleVariants } from './rule-variants.ts';
import { withFilterCondition } from './with-filter-condition.ts';
import { LeanCache, leanCounts } from './lean-counts.ts';

export type { MemberRows, NodeCount, PreviewResult, RuleCounts } from './preview-result.ts';
export type { ColumnValues } from './column-values.ts';

export interface PreviewOptions {
  asOf?: string;
  signal?: AbortSignal;
  /** Count on a deterministic 5% sample of customers and scale up. */
  estimate?: boolean;
}

export interface Previewer {
  preview(document: unknown, options?: PreviewOptions): Promise<PreviewResult>;
  /**
   * A node's first rows by key. `key`: only that customer's rows (one-customer
   * evaluation reads a profile and its events this way). `cap`: the most rows
   * a caller may ask for (default 1000; a lookup table loaded whole asks more).
   */
  rows(document: unknown, nodeId: string, options?: { asOf?: string; limit?: number; key?: string | number; cap?: number; signal?: AbortSignal }): Promise<MemberRows>;
  /** A column's frequent values and spread at a node; null when the node or column is not there. */
  values(document: unknown, nodeId: string, column: string, options?: { asOf?: string; signal?: AbortSignal }): Promise<ColumnValues | null>;
  /** For each top-level rule of a filter: customers passing it on its own, and remaining after it. */
  ruleCounts(document: unknown, nodeId: string, options?: { asOf?: string; signal?: AbortSignal }): Promise<RuleCounts | null>;
  /**
   * Reads whole nodes, for what needs more than their first rows (a breakdown,
   * an overlap): `work` gets a connection and, for each node that could be
   * computed, its rows as a relation to select from and its schema.
   */
  readNodes<T>(document: unknown, nodeIds: readonly string[], work: NodesWork<T>, options?: { asOf?: string; signal?: AbortSignal }): Promise<T>;
  /** Settles when the database is closed (detached, when it was attached to a shared instance). */
  close(): Promise<void>;
}

/** A node's rows as `readNodes` hands them over. */
export interface NodeRelation {
  relation: Sql;
  schema: Schema;
}

/** What `readNodes` does with the nodes it read: they are readable only until it settles. */
export type NodesWork<T> = (connection: DuckDBConnection, nodes: ReadonlyMap<string, NodeRelation>) => Promise<T>;

export const ESTIMATE_SAMPLE = 0.05;
const MAX_CACHED_TABLES = 400;
const MAX_CACHE_BYTES = 2 * 1024 ** 3;
const MAX_CACHED_VALUES = 200;

interface CachedResult {
  rows: number;
  problems: Problem[];
}

function abortError(): Error {
  const e = new Error('The preview was cancelled by a newer one.');
  e.name = 'AbortError';
  return e;
}

/**
 * Counts for every node of a document as it is edited. Each node's rows are
 * kept in a table named by its content hash, so an edit recomputes only the
 * edited node and what lies downstream of it. One preview runs at a time.
 * The tables are temporary (the previewer's one connection's): in memory,
 * spilling to the temp directory under the memory limit, never rewritten to
 * the database file at each edit.
 */
export async function createPreviewer(options: {
  databasePath?: string;
  /** An open database to keep the node tables in instead of `databasePath` (the previewer closes it). */
  database?: Database;
  resolvePath: ResolvePath;
  addressAllowList?: AddressAllowList;
  /** Whole node tables kept for member rows and column values, besides those of the document just asked about (default 400). */
  maxCachedTables?: number;
  /** Bytes of tables counts keep for later previews (sources, summary values, stored nodes), besides the current document's. */
  maxCacheBytes?: number;
}): Promise<Previewer> {
  const maxCached = options.maxCachedTables ?? MAX_CACHED_TABLES;
  const lean = new LeanCache(options.maxCacheBytes ?? MAX_CACHE_BYTES);
  const database = options.database ?? (await openDatabase(options.databasePath ?? ':memory:'));
  const pool = new ConnectionPool(database, 1);
  await dropLeftovers(pool);
  const cache = new Map<string, CachedResult>();
  // Column values hang off a node table's hash: they stay right while the table does.
  const valuesCache = new Map<string, ColumnValues>();
  let queue: Promise<unknown> = Promise.resolve();

  const table = (hash: string) => `c_${hash}`;

  const describe = cachedDescribe();

  /**
   * Drops the least recently used tables beyond the cap, never one of the
   * document just previewed: its counts are answered from them, and its next
   * edit reuses them (a document larger than the cap keeps all of its own).
   */
  async function evict(current: ReadonlySet<string>): Promise<void> {
    const old = [...cache.keys()].filter((hash) => !current.has(hash));
    const excess = Math.min(old.length, cache.size - maxCached);
    if (excess <= 0) return;
    const connection = await pool.acquire();
    try {
      for (const hash of old.slice(0, excess)) {
        cache.delete(hash);
        await execute(connection, sql`DROP TABLE IF EXISTS ${ident(table(hash))}`);
      }
    } finally {
      pool.release(connection);
    }
  }

  /** The document checked with its sources' columns, the nodes to compute, and what their content hashes need. */
  async function prepare(document: unknown, opts: PreviewOptions & { only?: string | readonly string[] }) {
    if (opts.signal?.aborted) throw abortError();
    const analysis = await checkWorkflow(document, { resolvePath: options.resolvePath, database, describe, addressAllowList: options.addressAllowList });
    const asOf = opts.asOf ?? analysis.workflow?.run?.asOf ?? todayUtc();
    let computable = analysis.order.filter((id) => analysis.schemas.has(id) && analysis.nodes.has(id));
    if (opts.only) {
      const only = typeof opts.only === 'string' ? [opts.only] : opts.only;
      const needed = upstreamOf(analysis.adjacency, only);
      for (const id of only) needed.add(id);
      computable = computable.filter((id) => needed.has(id));
    }
    const fingerprints: Record<string, string> = {};
    for (const id of computable) {
      const node = analysis.nodes.get(id)!;
      if (node.definition.scope !== 'source') continue;
      try {
        fingerprints[id] = fingerprint(options.resolvePath(fileRead(node.definition.read!(node.config)).path, 'read'));
      } catch {
        fingerprints[id] = 'unresolvable';
      }
    }
    return { analysis, asOf, computable, fingerprints };
  }

  /** Every node's count on the lean plan (lean-counts.ts). */
  async function count(document: unknown, opts: PreviewOptions & { only?: string }) {
    const { analysis, asOf, computable, fingerprints } = await prepare(document, opts);
    const sample = opts.estimate ? ESTIMATE_SAMPLE : undefined;
    const onAbort = () => pool.interruptAll();
    opts.signal?.addEventListener('abort', onAbort);
    try {
      const result = await leanCounts(pool, lean, options.resolvePath, { analysis, order: computable, asOf, fingerprints, sample, signal: opts.signal });
      if (opts.signal?.aborted) throw abortError();
      const problems = [...analysis.problems];
      for (const f of result.failed ?? []) problems.push(error('node_failed', f.error, { nodeId: f.id }));
      return { counts: result.counts, problems, computed: result.computed, sample, computable };
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** A node's whole table, the way member rows and column values read it. */
  async function compute(document: unknown, opts: PreviewOptions & { only?: string | readonly string[] }) {
    const { analysis, asOf, computable, fingerprints } = await prepare(document, opts);
    const sample = opts.estimate ? ESTIMATE_SAMPLE : undefined;
    const hashes = nodeHashes(analysis, computable, { asOf, sample, fingerprints });
    const completed = new Set(computable.filter((id) => cache.has(hashes.get(id)!)));
    for (const id of completed) {
      const hash = hashes.get(id)!;
      const hit = cache.get(hash)!;
      cache.delete(hash);
      cache.set(hash, hit); // most recently used last
    }
    const plan = planRun({ ...analysis, order: computable }, { mode: 'sequential', partitions: 1, completed });
    const backend = new DuckDbBackend({
      analysis, plan, pool, asOf, sources: analysis.sources, resolvePath: options.resolvePath, runId: 'preview',
      wholeTableName: (id) => table(hashes.get(id)!), sample, deliver: false, temporaryTables: true,
    });
    const state = await executePlan(plan, analysis.adjacency, backend, { runId: 'preview', asOf, concurrency: 1, signal: opts.signal, completed });
    if (opts.signal?.aborted) throw abortError();
    const problems = [...analysis.problems];
    for (const [id, node] of Object.entries(state.nodes)) {
      if (node.status === 'succeeded' || node.status === 'warning') cache.set(hashes.get(id)!, { rows: node.rows, problems: node.problems });
      else if (node.status === 'failed') problems.push(error('node_failed', node.error ?? 'This node failed.', { nodeId: id }));
    }
    await evict(new Set(computable.map((id) => hashes.get(id)!)));
    return { analysis, computable, hashes, problems, computed: Object.keys(state.nodes), sample };
  }

  /** Runs previews one after another; a cancelled one that has not started yet never starts. */
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    preview: (document, opts = {}) =>
      serially(async () => {
        const { counts: known, problems, computed, sample, computable } = await count(document, opts);
        const counts: Record<string, NodeCount> = {};
        for (const id of computable) {
          const hit = known.get(id);
          if (!hit) continue;
          problems.push(...hit.problems);
          counts[id] = sample
            ? { rows: Math.round(hit.rows / sample), exact: false, bound: Math.round((1.96 * Math.sqrt(Math.max(hit.rows, 1))) / sample) }
            : { rows: hit.rows, exact: true };
        }
        return { counts, problems, computed };
      }),
    rows: (document, nodeId, opts = {}) =>
      serially(async () => {
        const { analysis, hashes } = await compute(document, { ...opts, only: nodeId });
        const schema = analysis.schemas.get(nodeId);
        const hash = hashes.get(nodeId);
        if (!schema || !hash || !cache.has(hash)) return { columns: [], rows: [] };
        const limit = Math.min(Math.max(1, opts.limit ?? 50), opts.cap ?? 1000);
        const only = opts.key === undefined ? sql`` : sql`WHERE ${ident(schema.key)} = ${opts.key}`;
        const connection = await pool.acquire();
        try {
          const rows = await queryRows(connection, sql`SELECT * FROM ${ident(table(hash))} ${only} ORDER BY ${ident(schema.key)} LIMIT ${limit}`);
          // DuckDB hands BIGINT over as text; numbers that fit a double exactly become numbers again.
          const integers = schema.columns.filter((c) => c.type === 'integer').map((c) => c.name);
          for (const row of rows)
            for (const name of integers) {
              const n = Number(row[name]);
              if (row[name] !== null && Number.isSafeInteger(n)) row[name] = n;
            }
          return { columns: schema.columns.map((c) => ({ name: c.name, type: c.type })), rows };
        } finally {
          pool.release(connection);
        }
      }),
    values: (document, nodeId, column, opts = {}) =>
      serially(async () => {
        const { analysis, hashes } = await compute(document, { ...opts, only: nodeId });
        const found = analysis.schemas.get(nodeId)?.columns.find((c) => c.name === column);
        const hash = hashes.get(nodeId);
        if (!found || !hash || !cache.has(hash)) return null;
        const key = `${hash}:${column}`;
        const known = valuesCache.get(key);
        if (known) return known;
        const connection = await pool.acquire();
        try {
          const result = await columnValues(connection, table(hash), found);
          valuesCache.set(key, result);
          if (valuesCache.size > MAX_CACHED_VALUES) valuesCache.delete(valuesCache.keys().next().value!);
          return result;
        } finally {
          pool.release(connection);
        }
      }),
    ruleCounts: (document, nodeId, opts = {}) =>
      serially(async () => {
        const condition = withFilterCondition(document, nodeId);
        if (!condition) return null;
        // Each count is the preview of the same document with the filter's condition narrowed:
        // what is upstream comes from the cache, and each variant is cached like any edit.
        const rows = async (variant: typeof condition.group) => (await count(condition.replace(variant), { ...opts, only: nodeId })).counts.get(nodeId)?.rows ?? null;
        const { counts } = await count(document, { ...opts, only: nodeId });
        const inputId = condition.inputId;
        const input = inputId ? (counts.get(inputId)?.rows ?? null) : null;
        const rules = [];
        for (const variant of ruleVariants(condition.group)) {
          rules.push({ index: variant.index, id: variant.id, alone: await rows(variant.alone), remaining: await rows(variant.upTo) });
        }
        return { input, rules };
      }),
    readNodes: (document, nodeIds, work, opts = {}) =>
      serially(async () => {
        const { analysis, hashes } = await compute(document, { ...opts, only: nodeIds });
        const nodes = new Map<string, NodeRelation>();
        for (const id of nodeIds) {
          const schema = analysis.schemas.get(id);
          const hash = hashes.get(id);
          if (schema && hash && cache.has(hash)) nodes.set(id, { relation: ident(table(hash)), schema });
        }
        const connection = await pool.acquire();
        try {
          return await work(connection, nodes);
        } finally {
          pool.release(connection);
        }
      }),
    async close() {
      pool.closeAll();
      await database.close();
    },
  };
}

/** Cache tables a previewer had made: named by a prefix and a content hash. */
const CACHE_TABLE = /^(c|s|e|v|m|n|raw)_[0-9a-f]{16,}(_[0-9a-f]+)?$/;

/**
 * Drops the tables an earlier previewer left in its cache file: what they
 * hold is not remembered after a restart, and keeping them would grow the file
 * past every budget. The first preview computes again what it needs.
 */
async function dropLeftovers(pool: ConnectionPool): Promise<void> {
  const connection = await pool.acquire();
  try {
    const tables = await queryRows(connection, sql`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = current_schema()`);
    for (const { t } of tables) if (CACHE_TABLE.test(String(t))) await execute(connection, sql`DROP TABLE IF EXISTS ${ident(String(t))}`);
  } finally {
    pool.release(connection);
  }
}
