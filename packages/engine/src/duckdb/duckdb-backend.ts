import type { DuckDBConnection } from '@duckdb/node-api';
import { warning, type Problem } from '../model/problem.ts';
import type { CompileContext, Relation } from '../nodes/define-node.ts';
import type { ReadConfig } from '../nodes/ingestion.ts';
import { isFileDestination, type OutputConfig } from '../nodes/output.node.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import type { RunPlan } from '../plan/index.ts';
import type { NodeStep, RunBackend, StepOutcome } from '../run/execute-plan.ts';
import { dateLiteral, ident, intLiteral, join, raw, sql, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { execute, queryRows, type ConnectionPool } from './database.ts';
import { readerSql } from './read-source.ts';
import { checkSegmentSize, writeSegmentFile } from './write-output.ts';
import { aggregateChains, inputOf, type AggregateChains } from './aggregate-chains.ts';
import { compileAggregates, type AggregateConfig } from '../nodes/aggregate.node.ts';
import { deliverPostgres, deliverWebhook } from '../destinations/deliver.ts';
import { memoryLedger, type DeliveryLedger } from '../destinations/ledger.ts';
import { tableSegment } from '../destinations/duckdb-segment.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';

export interface DuckDbBackendOptions {
  analysis: WorkflowAnalysis;
  plan: RunPlan;
  pool: ConnectionPool;
  asOf: string;
  sources: Record<string, SourceFacts>;
  /** Turns a path written in the document into a file path (and refuses what it must). */
  resolvePath: (path: string, use: 'read' | 'write') => string;
  /** Prefix of the tables a run makes, so runs sharing a database do not meet. */
  tablePrefix?: string;
  /** Names a node's whole-data table instead (previews name tables by content hash). */
  wholeTableName?: (nodeId: string) => string;
  /** Keep only this fraction (0..1] of customers, chosen by a hash of the key: deterministic. */
  sample?: number;
  /** False: count output segments but write no file (previews, comparisons). */
  deliver?: boolean;
  /**
   * Don't copy nodes that are cheap to recompute (filters, formulas): count them,
   * and let each consumer read their SELECT inline. Outputs then write straight
   * from their SELECT.
   */
  inlineCheapNodes?: boolean;
  /** Deliver to webhooks and databases (published versions only); otherwise to a CSV file. */
  remote?: boolean;
  runId: string;
  /** Batches already delivered, so a resumed run never sends one twice. */
  ledger?: DeliveryLedger;
  addressAllowList?: AddressAllowList;
}

/** Rows whose key hashes into the first `fraction` of the key space: customers and their events alike. */
export function sampleFilter(key: string, fraction: number): Sql {
  return sql`hash(${ident(key)}) % 10000 < ${intLiteral(Math.round(fraction * 10000))}`;
}

/** Runs node steps as DuckDB statements: each node's rows become a table. */
export class DuckDbBackend implements RunBackend {
  private readonly chains: AggregateChains;

  constructor(private readonly o: DuckDbBackendOptions) {
    // Fusing aggregates leaves folded ones without a table: only where cheap nodes are inlined too.
    this.chains = o.inlineCheapNodes ? aggregateChains(o.analysis, o.plan) : { chains: new Map(), folded: new Set(), headOf: new Map() };
  }

  tableName(nodeId: string, partition: number | null): Sql {
    if (partition === null && this.o.wholeTableName) return ident(this.o.wholeTableName(nodeId));
    return ident(`${this.o.tablePrefix ?? ''}n_${nodeId}${partition === null ? '' : `_p${partition}`}`);
  }

  /** Is the node recomputed by its consumers instead of stored? */
  private inlined(nodeId: string): boolean {
    const node = this.o.analysis.nodes.get(nodeId)!;
    if (!this.o.inlineCheapNodes) return false;
    if (node.definition.kind === 'events') return (node.config as unknown as ReadConfig).format === 'parquet';
    return Boolean(node.definition.cheapToRecompute);
  }

  /** The node's rows on one partition (or all): its table, or its SELECT when inlined. */
  private stored(nodeId: string, partition: number | null): Sql {
    if (!this.inlined(nodeId)) return this.tableName(nodeId, partition);
    if (this.o.analysis.nodes.get(nodeId)!.definition.kind === 'events') {
      const ctx = { nodeId, config: this.o.analysis.nodes.get(nodeId)!.config, inputs: {}, output: this.o.analysis.schemas.get(nodeId)!, asOf: dateLiteral(this.o.asOf) };
      return sql`(${this.sourceSelect(nodeId, ctx, this.parquetRows(nodeId), true).select})`;
    }
    return sql`(${this.compileNode(nodeId, partition)})`;
  }

  /** The rows of `nodeId` as a step on `partition` must see them. */
  private relation(nodeId: string, partition: number | null): Relation {
    const schema = this.o.analysis.schemas.get(nodeId)!;
    const { partitions } = this.o.plan;
    const partitioned = this.o.plan.partitioned[nodeId] ?? false;
    if (partitioned && partition === null) {
      const parts = Array.from({ length: partitions }, (_, k) => sql`SELECT * FROM ${this.stored(nodeId, k)}`);
      return { from: sql`(${join(parts, ' UNION ALL ')})`, schema };
    }
    if (partitioned || partition === null) return { from: this.stored(nodeId, partition), schema };
    // Customers and their events split by the same hash of the key, so per-key work stays local.
    return { from: sql`(SELECT * FROM ${this.stored(nodeId, null)} WHERE hash(${ident(schema.key)}) % ${intLiteral(partitions)} = ${intLiteral(partition)})`, schema };
  }

  private compileNode(nodeId: string, partition: number | null): Sql {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const output = this.o.analysis.schemas.get(nodeId)!;
    return node.definition.compile({ nodeId, config: node.config, inputs: this.inputs(nodeId, partition), output, asOf: dateLiteral(this.o.asOf) });
  }

  private inputs(nodeId: string, partition: number | null): Record<string, Relation[]> {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const incoming = this.o.analysis.adjacency.incoming.get(nodeId) ?? [];
    return Object.fromEntries(
      Object.keys(node.definition.inputs).map((port) => [
        port,
        incoming.filter((e) => e.targetPort === port).map((e) => this.relation(e.source, node.definition.inputs[port].broadcast ? null : partition)),
      ]),
    );
  }

  async runStep(step: NodeStep, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<StepOutcome> {
    const connection = await this.o.pool.acquire();
    const onAbort = () => connection.interrupt();
    signal.addEventListener('abort', onAbort);
    // DuckDB reports how far the running statement is; poll it for long steps.
    const poll = onProgress && setInterval(() => {
      const pct = connection.progress.percentage;
      if (Number.isFinite(pct) && pct > 0) onProgress(Math.min(0.99, pct / 100));
    }, 250);
    try {
      return await this.runOn(connection, step, signal);
    } finally {
      if (poll) clearInterval(poll);
      signal.removeEventListener('abort', onAbort);
      this.o.pool.release(connection);
    }
  }

  private async runOn(connection: DuckDBConnection, { nodeId, partition }: NodeStep, signal: AbortSignal): Promise<StepOutcome> {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const output = this.o.analysis.schemas.get(nodeId)!;
    const target = this.tableName(nodeId, partition);
    const ctx = { nodeId, config: node.config, inputs: this.inputs(nodeId, partition), output, asOf: dateLiteral(this.o.asOf) };
    if (node.definition.scope === 'source') return this.ingest(connection, nodeId, target, ctx);
    if (node.definition.kind === 'aggregate') return this.aggregate(connection, nodeId, partition, target);
    const isOutput = node.definition.kind === 'output';
    // A remote delivery reads its segment from a table, so such outputs are always stored.
    if (this.inlined(nodeId) && !(isOutput && this.deliversRemotely(nodeId))) {
      const rows = await countRows(connection, this.stored(nodeId, partition));
      return isOutput ? this.deliver(connection, nodeId, this.stored(nodeId, partition), rows, signal) : { rows };
    }
    await execute(connection, sql`CREATE OR REPLACE TABLE ${target} AS ${node.definition.compile(ctx)}`);
    const rows = await countRows(connection, target);
    return isOutput ? this.deliver(connection, nodeId, target, rows, signal) : { rows };
  }

  /**
   * Reads the file, cleans it, and counts what was dropped. Parquet is read in
   * place (it numbers its rows); text formats are parsed once into a raw table,
   * whose rowid is file order.
   */
  /** A source's rows as a SELECT over the file (Parquet, read in place) or over its raw table. */
  private sourceSelect(nodeId: string, ctx: CompileContext<Record<string, unknown>>, rawRows: Sql, parquet: boolean) {
    const definition = this.o.analysis.nodes.get(nodeId)!.definition;
    const config = ctx.config as unknown as ReadConfig;
    const full = { ...ctx, raw: rawRows, rawOrder: parquet ? raw('file_row_number') : raw('rowid'), source: this.o.sources[nodeId] };
    const rowsSql = definition.compile(full);
    const sampled = this.o.sample !== undefined && this.o.sample < 1
      ? sql`SELECT * FROM (${rowsSql}) WHERE ${sampleFilter(config.key, this.o.sample)}`
      : rowsSql;
    return { full, select: sampled };
  }

  private parquetRows(nodeId: string): Sql {
    const config = this.o.analysis.nodes.get(nodeId)!.config as unknown as ReadConfig;
    return sql`(SELECT * FROM read_parquet(${this.o.resolvePath(config.path, 'read')}, file_row_number = true))`;
  }

  /**
   * Reads the file, cleans it, and counts what was dropped. Parquet is read in
   * place (it numbers its rows); text formats are parsed once into a raw table,
   * whose rowid is file order. Parquet events in partitioned runs are not copied
   * at all: their consumers read the file, which costs less than 20M rows written.
   */
  private async ingest(connection: DuckDBConnection, nodeId: string, target: Sql, ctx: CompileContext<Record<string, unknown>>): Promise<StepOutcome> {
    const definition = this.o.analysis.nodes.get(nodeId)!.definition;
    const config = ctx.config as unknown as ReadConfig;
    const rawTable = ident(`${this.o.tablePrefix ?? ''}raw_${nodeId}`);
    const parquet = config.format === 'parquet';
    if (!parquet) await execute(connection, sql`CREATE OR REPLACE TABLE ${rawTable} AS SELECT * FROM ${readerSql(config, this.o.resolvePath(config.path, 'read'))}`);
    try {
      const { full, select } = this.sourceSelect(nodeId, ctx, parquet ? this.parquetRows(nodeId) : rawTable, parquet);
      let rows: number;
      if (this.inlined(nodeId)) rows = await countRows(connection, sql`(${select})`);
      else {
        await execute(connection, sql`CREATE OR REPLACE TABLE ${target} AS ${select}`);
        rows = await countRows(connection, target);
      }
      const [quality] = await queryRows(connection, definition.quality!(full));
      const dropped = this.o.sample !== undefined && this.o.sample < 1 ? [] : qualityProblems(nodeId, quality, rows);
      return { rows, problems: dropped };
    } finally {
      if (!parquet) await execute(connection, sql`DROP TABLE IF EXISTS ${rawTable}`);
    }
  }

  /** An aggregate, alone or as the last of a chain computed in one pass; a folded one only counts. */
  private async aggregate(connection: DuckDBConnection, nodeId: string, partition: number | null, target: Sql): Promise<StepOutcome> {
    const head = this.chains.headOf.get(nodeId) ?? nodeId;
    const customers = this.relation(inputOf(this.o.analysis, head, 'in')!, partition);
    if (this.chains.folded.has(nodeId)) return { rows: await countRows(connection, customers.from) };
    const chain = this.chains.chains.get(nodeId) ?? [nodeId];
    const steps = chain.map((id) => ({ nodeId: id, config: this.o.analysis.nodes.get(id)!.config as unknown as AggregateConfig }));
    const events = this.relation(inputOf(this.o.analysis, nodeId, 'events')!, partition);
    const select = compileAggregates(steps, customers, events, this.o.analysis.schemas.get(nodeId)!, dateLiteral(this.o.asOf));
    await execute(connection, sql`CREATE OR REPLACE TABLE ${target} AS ${select}`);
    return { rows: await countRows(connection, target) };
  }

  private deliversRemotely(nodeId: string): boolean {
    const config = this.o.analysis.nodes.get(nodeId)!.config as unknown as OutputConfig;
    return Boolean(this.o.remote) && !isFileDestination(config.destination) && this.o.deliver !== false;
  }

  /**
   * Delivers a segment: files are written whole or not at all; webhooks and
   * tables get it only in runs allowed to reach outside (published versions),
   * batch by batch through the ledger, so nothing is sent twice. Other runs
   * write remote segments to a CSV file instead.
   */
  private async deliver(connection: DuckDBConnection, nodeId: string, table: Sql, rows: number, signal: AbortSignal): Promise<StepOutcome> {
    const config = this.o.analysis.nodes.get(nodeId)!.config as unknown as OutputConfig;
    const size = checkSegmentSize(nodeId, config, rows);
    const done = (path: string): StepOutcome => ({ rows, problems: size.problems, segment: { name: config.segment, count: rows, path } });
    if (size.enforced) return { rows, problems: size.problems, failed: true };
    if (this.o.deliver === false) return done('');
    const destination = config.destination;
    if (isFileDestination(destination) || !this.o.remote) {
      const file = isFileDestination(destination) ? destination : { type: 'csv' as const, path: `${config.segment}.csv` };
      const path = this.o.resolvePath(file.path, 'write');
      await writeSegmentFile(connection, table, path, file.type);
      return done(path);
    }
    const segment = tableSegment(connection, table, this.o.analysis.schemas.get(nodeId)!, rows);
    const ctx = { runId: this.o.runId, nodeId, segmentName: config.segment, ledger: this.o.ledger ?? memoryLedger(), signal };
    if (destination.type === 'webhook') {
      await deliverWebhook(segment, destination, { ...ctx, allow: this.o.addressAllowList ?? {} });
      return done(`webhook:${new URL(destination.url).host}`);
    }
    await deliverPostgres(segment, destination, ctx);
    return done(`postgres:${destination.schema ? `${destination.schema}.` : ''}${destination.table}`);
  }
}

async function countRows(connection: DuckDBConnection, table: Sql): Promise<number> {
  const [row] = await queryRows(connection, sql`SELECT count(*) AS n FROM ${table}`);
  return Number(row.n);
}

function qualityProblems(nodeId: string, quality: Record<string, unknown>, rowsKept: number): Problem[] {
  const problems: Problem[] = [];
  const read = Number(quality.rows_read);
  const missing = Number(quality.missing_key);
  if (missing) problems.push(warning('missing_key', `${missing} rows with an empty key were dropped.`, { nodeId }));
  const duplicates = read - missing - rowsKept;
  if (duplicates > 0) problems.push(warning('duplicate_key', `${duplicates} rows repeated a key and were dropped (one row kept per key).`, { nodeId }));
  for (const [name, n] of Object.entries(quality))
    if (name.startsWith('invalid:') && Number(n) > 0)
      problems.push(warning('invalid_value', `${Number(n)} values of "${name.slice(8)}" could not be read and are empty.`, { nodeId, field: name.slice(8) }));
  return problems;
}
