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
import { literalPath } from './literal-path.ts';
import { checkSegmentSize, writeSegmentFile } from './write-output.ts';
import { aggregateChains, inputOf, type AggregateChains } from './aggregate-chains.ts';
import type { AggregateConfig } from '../nodes/aggregate.node.ts';
import { compileAggregates, joinSummary, summarySql, summaryValue, type SummaryStep } from '../nodes/event-summary.ts';
import { compileFilter, eventRuleSteps } from '../nodes/event-rules.ts';
import type { ConditionGroup } from '../conditions/index.ts';
import { SQL_TYPES } from '../formula/typing.ts';
import type { Column, Schema } from '../model/column.ts';
import { storedColumns, type StoredColumns } from './stored-columns.ts';
import { permanentIfDeterministic } from './duckdb-errors.ts';
import { rankCuts } from './rank-cuts-sql.ts';
import type { CredentialResolver } from '../destinations/credentials.ts';
import { memoryLedger, type DeliveryLedger } from '../destinations/ledger.ts';
import type { MembershipSnapshots } from '../destinations/membership.ts';
import { deliverOutput } from './deliver-output.ts';
import { applySuppression, type SuppressionList } from './suppression.ts';
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
   * Do the least work a run can: scan each events input once into a
   * per-customer summary that its aggregates join; recompute cheap nodes
   * (filters, formulas) and joins read once inline instead of copying them;
   * store in each table only the columns someone reads, outputs fetching the
   * others by key (stored-columns.ts). Off, every node is a whole table:
   * previews, whose cache keeps a table per node, and the reference runs that
   * tests compare lean ones with.
   */
  lean?: boolean;
  /** Deliver to webhooks and databases (published versions only); otherwise to a CSV file. */
  remote?: boolean;
  runId: string;
  /** Batches already delivered, so a resumed run never sends one twice. */
  ledger?: DeliveryLedger;
  addressAllowList?: AddressAllowList;
  /** What connection and secret names in destinations stand for. */
  credentials?: CredentialResolver;
  /** Published runs: where members' keys are kept and which were last delivered (change-only delivery). */
  snapshots?: MembershipSnapshots;
  /** Published runs: lists of keys no output delivers. */
  suppression?: readonly SuppressionList[];
}

/** Rows whose key hashes into the first `fraction` of the key space: customers and their events alike. */
export function sampleFilter(key: string, fraction: number): Sql {
  return sql`hash(${ident(key)}) % 10000 < ${intLiteral(Math.round(fraction * 10000))}`;
}

/**
 * Runs node steps as DuckDB statements: a stored node's rows become a table,
 * an inlined one's SELECT is read by its readers (lean runs, see `lean`).
 */
export class DuckDbBackend implements RunBackend {
  private chains: AggregateChains;
  /** Events node → the values of the aggregates and filter rules reading it, when events are summarised. */
  private readonly summaries = new Map<string, SummaryStep[]>();
  /** Nodes recomputed by their consumers instead of stored. */
  private inline: Set<string>;
  private columns?: StoredColumns;
  /** Rows of each step run in this process, by `node|partition`: what row-keeping nodes report. */
  private readonly rowCounts = new Map<string, number>();

  constructor(private readonly o: DuckDbBackendOptions) {
    this.chains = { chains: new Map(), folded: new Set(), headOf: new Map() };
    this.inline = new Set();
    if (!o.lean) return;
    this.chains = aggregateChains(o.analysis, o.plan);
    for (const id of o.analysis.order) {
      const node = o.analysis.nodes.get(id);
      const kind = node?.definition.kind;
      const events = kind === 'aggregate' || kind === 'filter' ? inputOf(o.analysis, id, 'events') : undefined;
      if (!events) continue;
      const steps = kind === 'aggregate' ? [{ nodeId: id, config: node!.config as unknown as AggregateConfig }] : eventRuleSteps(id, filterCondition(node!.config));
      if (steps.length) this.summaries.set(events, [...(this.summaries.get(events) ?? []), ...steps]);
    }
    this.inline = this.inlineNodes();
    this.columns = storedColumns(o.analysis, (id) => {
      const kind = o.analysis.nodes.get(id)?.definition.kind;
      return kind === 'source' || (kind === 'aggregate' && this.summarised(id));
    });
  }

  /**
   * Cheap nodes, and joins whose SELECT would run at most twice if inlined.
   * An inlined node's SELECT runs for its own count (an aggregate counts its
   * customers instead), for an output's file, and for each reader: once for a
   * stored reader, as often as an inlined reader's runs. Decided from the
   * outputs back, since an inlined reader passes its own runs on.
   */
  private inlineNodes(): Set<string> {
    const { analysis } = this.o;
    const inline = new Set<string>();
    const runs = new Map<string, number>();
    for (const id of [...analysis.order].reverse()) {
      const node = analysis.nodes.get(id);
      if (!node) continue;
      const { kind, role, cheapToRecompute } = node.definition;
      const own = kind === 'aggregate' ? 0 : kind === 'output' && this.o.deliver !== false ? 2 : 1;
      const readers = (analysis.adjacency.outgoing.get(id) ?? []).map((e) => e.target);
      runs.set(id, readers.reduce((n, r) => n + (inline.has(r) ? runs.get(r)! : 1), own));
      const join = role === 'combine' || (kind === 'aggregate' && this.summarised(id));
      // Events are read by aggregates and filters alone, which read their summary: events never need a table.
      if (kind === 'events' || cheapToRecompute || (join && runs.get(id)! <= 2)) inline.add(id);
    }
    return inline;
  }

  /** Is this aggregate served by its events' summary? */
  private summarised(aggregateId: string): boolean {
    return this.summaries.has(inputOf(this.o.analysis, aggregateId, 'events') ?? '');
  }

  private summaryTable(eventsId: string): Sql {
    return ident(`${this.o.tablePrefix ?? ''}summary_${eventsId}`);
  }

  tableName(nodeId: string, partition: number | null): Sql {
    if (partition === null && this.o.wholeTableName) return ident(this.o.wholeTableName(nodeId));
    return ident(`${this.o.tablePrefix ?? ''}n_${nodeId}${partition === null ? '' : `_p${partition}`}`);
  }

  private inlined(nodeId: string): boolean {
    return this.inline.has(nodeId);
  }

  /** The columns a stored node's table keeps, when not all: the others nobody reads. */
  private keptColumns(nodeId: string): Column[] | undefined {
    const needed = this.columns?.needed.get(nodeId);
    const { scope, role } = this.o.analysis.nodes.get(nodeId)!.definition;
    if (!needed || needed === 'all' || scope === 'source' || role === 'output') return undefined;
    return this.o.analysis.schemas.get(nodeId)!.columns.filter((c) => needed.has(c.name));
  }

  /**
   * The node's rows on one partition (or all): its table, or its SELECT when
   * inlined. A table keeping only the needed columns shows the others as NULL,
   * so every node still sees its whole schema (and never reads those).
   */
  private stored(nodeId: string, partition: number | null): Sql {
    if (!this.inlined(nodeId)) {
      const table = this.tableName(nodeId, partition);
      const kept = this.keptColumns(nodeId);
      if (!kept) return table;
      const columns = this.o.analysis.schemas.get(nodeId)!.columns.map((c) =>
        kept.includes(c) ? ident(c.name) : sql`CAST(NULL AS ${raw(SQL_TYPES[c.type])}) AS ${ident(c.name)}`);
      return sql`(SELECT ${join(columns, ', ')} FROM ${table})`;
    }
    return sql`(${this.select(nodeId, partition)})`;
  }

  /** The rows of `nodeId` as a step on `partition` must see them. */
  private relation(nodeId: string, partition: number | null): Relation {
    return { ...this.relationRows(nodeId, partition), nodeId };
  }

  /** `relation` without the node id. */
  private relationRows(nodeId: string, partition: number | null): Relation {
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

  /** The node's SELECT on a partition (or all). */
  private select(nodeId: string, partition: number | null): Sql {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const output = this.o.analysis.schemas.get(nodeId)!;
    if (node.definition.kind === 'aggregate') return this.aggregateSelect(nodeId, partition);
    const eventsId = node.definition.kind === 'filter' ? inputOf(this.o.analysis, nodeId, 'events') : undefined;
    if (eventsId && this.summaries.has(eventsId)) {
      const summary = { events: this.o.analysis.schemas.get(eventsId)!, from: this.summaryTable(eventsId) };
      const customers = this.relation(inputOf(this.o.analysis, nodeId, 'in')!, partition);
      return compileFilter(nodeId, filterCondition(node.config), customers, summary, dateLiteral(this.o.asOf));
    }
    const inputs = this.inputs(nodeId, partition);
    if (node.definition.role === 'output') inputs.in = [this.withFetchedColumns(inputOf(this.o.analysis, nodeId, 'in')!, inputs.in[0], output)];
    return node.definition.compile({ nodeId, config: node.config, inputs, output, asOf: dateLiteral(this.o.asOf) });
  }

  /**
   * An output's input with the segment's columns that no table on the way kept
   * looked up by key where they were made: a profile's table, or the events'
   * summary for an aggregate.
   */
  private withFetchedColumns(inputId: string, input: Relation, segment: Schema): Relation {
    const needed = this.columns?.needed.get(inputId);
    if (!needed || needed === 'all') return input;
    const key = ident(input.schema.key);
    const joins: Sql[] = [];
    const aliases = new Map<string, Sql>();
    /** The alias of the table a column is fetched from, joined once. */
    const from = (table: string, on: (alias: Sql) => Sql) => {
      if (!aliases.has(table)) {
        aliases.set(table, ident(`f${aliases.size}`));
        joins.push(on(aliases.get(table)!));
      }
      return aliases.get(table)!;
    };
    const columns = input.schema.columns.map((column) => {
      const name = ident(column.name);
      if (needed.has(column.name) || !segment.columns.some((c) => c.name === column.name)) return sql`i.${name}`;
      const origin = this.o.analysis.nodes.get(column.origin)!;
      if (origin.definition.kind === 'source') {
        const sourceKey = ident(this.o.analysis.schemas.get(column.origin)!.key);
        const f = from(column.origin, (a) => sql`LEFT JOIN ${this.tableName(column.origin, null)} AS ${a} ON ${a}.${sourceKey} = i.${key}`);
        return sql`${f}.${name}`;
      }
      const eventsId = inputOf(this.o.analysis, column.origin, 'events')!;
      const f = from(eventsId, (a) => sql`LEFT JOIN ${this.summaryTable(eventsId)} AS ${a} ON ${a}.__segflow_key = i.${key}`);
      return sql`${summaryValue({ nodeId: column.origin, config: origin.config as unknown as AggregateConfig }, f)} AS ${name}`;
    });
    return { from: sql`(SELECT ${join(columns, ', ')} FROM ${input.from} AS i ${join(joins, ' ')})`, schema: input.schema };
  }

  /**
   * An aggregate, alone or as the last of a chain computed in one pass: its
   * customers joined to the events' summary, or to a GROUP BY of its own.
   */
  private aggregateSelect(nodeId: string, partition: number | null): Sql {
    const customers = this.relation(inputOf(this.o.analysis, this.chains.headOf.get(nodeId) ?? nodeId, 'in')!, partition);
    const chain = this.chains.chains.get(nodeId) ?? [nodeId];
    const steps = chain.map((id) => ({ nodeId: id, config: this.o.analysis.nodes.get(id)!.config as unknown as AggregateConfig }));
    const eventsId = inputOf(this.o.analysis, nodeId, 'events')!;
    const output = this.o.analysis.schemas.get(nodeId)!;
    return this.summaries.has(eventsId)
      ? joinSummary(steps, customers, this.summaryTable(eventsId), output)
      : compileAggregates(steps, customers, this.relation(eventsId, partition), output, dateLiteral(this.o.asOf));
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
    } catch (error) {
      throw permanentIfDeterministic(error);
    } finally {
      if (poll) clearInterval(poll);
      signal.removeEventListener('abort', onAbort);
      this.o.pool.release(connection);
    }
  }

  private async runOn(connection: DuckDBConnection, { nodeId, partition }: NodeStep, signal: AbortSignal): Promise<StepOutcome> {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const target = this.tableName(nodeId, partition);
    const remember = <T extends StepOutcome>(outcome: T) => (this.rowCounts.set(`${nodeId}|${partition}`, outcome.rows ?? 0), outcome);
    if (node.definition.scope === 'source') {
      const ctx = { nodeId, config: node.config, inputs: {}, output: this.o.analysis.schemas.get(nodeId)!, asOf: dateLiteral(this.o.asOf) };
      return remember(await this.ingest(connection, nodeId, target, ctx));
    }
    const isOutput = node.definition.role === 'output';
    // A remote delivery reads its segment from a table, so such outputs are always stored.
    const stored = (isOutput && this.deliversRemotely(nodeId)) || !(this.inlined(nodeId) || this.chains.folded.has(nodeId));
    if (stored) {
      const kept = this.keptColumns(nodeId);
      const select = kept ? sql`SELECT ${join(kept.map((c) => ident(c.name)), ', ')} FROM (${this.select(nodeId, partition)})` : this.select(nodeId, partition);
      await execute(connection, sql`CREATE OR REPLACE TABLE ${target} AS ${select}`);
    }
    const rows = await this.rowsOf(connection, nodeId, partition, stored);
    remember({ rows });
    if (isOutput) return this.deliver(connection, nodeId, stored ? target : this.stored(nodeId, partition), rows, signal);
    // A global node (rank) records its cut points, so one customer can be ranked later without all rows.
    // Only runs that deliver, over every customer: previews and samples would record what no one uses.
    if (node.definition.scope === 'global' && this.o.deliver !== false && (this.o.sample ?? 1) >= 1) {
      const input = this.relation(inputOf(this.o.analysis, nodeId, 'in')!, null);
      return { rows, cuts: await rankCuts(connection, node.config as never, input) };
    }
    return { rows };
  }

  /**
   * A node's row count: its table's, or its input's when it keeps every row
   * (known from the input's own step, else counted there, which skips the
   * node's own work), or its inline SELECT's.
   */
  private async rowsOf(connection: DuckDBConnection, nodeId: string, partition: number | null, stored: boolean): Promise<number> {
    if (stored) return countRows(connection, this.tableName(nodeId, partition));
    if (this.o.analysis.nodes.get(nodeId)!.definition.keepsEveryRow) {
      const input = inputOf(this.o.analysis, nodeId, 'in')!;
      return this.knownRows(input, partition) ?? countRows(connection, this.relation(input, partition).from);
    }
    return countRows(connection, this.stored(nodeId, partition));
  }

  /** Rows of a node as a step on `partition` sees them, when its steps in this process counted them. */
  private knownRows(nodeId: string, partition: number | null): number | undefined {
    const partitioned = this.o.plan.partitioned[nodeId] ?? false;
    if (partitioned === (partition !== null)) return this.rowCounts.get(`${nodeId}|${partition}`);
    if (!partitioned) return undefined; // one partition of a whole node: only counting tells
    let sum = 0;
    for (let k = 0; k < this.o.plan.partitions; k++) {
      const rows = this.rowCounts.get(`${nodeId}|${k}`);
      if (rows === undefined) return undefined;
      sum += rows;
    }
    return sum;
  }

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

  /** The file's rows; profiles also number them, since file order decides which duplicate stays. */
  private parquetRows(nodeId: string): Sql {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const path = this.o.resolvePath((node.config as unknown as ReadConfig).path, 'read');
    if (node.definition.kind === 'events') return sql`read_parquet(${literalPath(path)})`;
    return sql`(SELECT * FROM read_parquet(${literalPath(path)}, file_row_number = true))`;
  }

  /**
   * Reads the file, cleans it, and counts what was dropped. Parquet is read in
   * place (it numbers its rows); text formats are parsed once into a raw table,
   * whose rowid is file order. In lean runs events are never copied: one pass
   * over them makes the summary their aggregates read.
   */
  private async ingest(connection: DuckDBConnection, nodeId: string, target: Sql, ctx: CompileContext<Record<string, unknown>>): Promise<StepOutcome> {
    const definition = this.o.analysis.nodes.get(nodeId)!.definition;
    const config = ctx.config as unknown as ReadConfig;
    const rawTable = ident(`${this.o.tablePrefix ?? ''}raw_${nodeId}`);
    const parquet = config.format === 'parquet';
    if (!parquet) await execute(connection, sql`CREATE OR REPLACE TABLE ${rawTable} AS SELECT * FROM ${readerSql(config, this.o.resolvePath(config.path, 'read'))}`);
    try {
      const { full, select } = this.sourceSelect(nodeId, ctx, parquet ? this.parquetRows(nodeId) : rawTable, parquet);
      const summarised = this.summaries.get(nodeId);
      if (summarised) {
        const events = { from: sql`(${select})`, schema: ctx.output, exact: exactDecimals(config, this.o.sources[nodeId]) };
        await execute(connection, sql`CREATE OR REPLACE TABLE ${this.summaryTable(nodeId)} AS ${summarySql(summarised, events, dateLiteral(this.o.asOf))}`);
      }
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
  private async deliver(connection: DuckDBConnection, nodeId: string, computed: Sql, computedRows: number, signal: AbortSignal): Promise<StepOutcome> {
    const config = this.o.analysis.nodes.get(nodeId)!.config as unknown as OutputConfig;
    const schema = this.o.analysis.schemas.get(nodeId)!;
    // Suppressed keys leave a published output before anything else looks at it, size checks included.
    const suppress = this.o.remote && this.o.deliver !== false && this.o.suppression?.length;
    const kept = suppress ? await applySuppression(connection, computed, schema.key, this.o.suppression!, this.o.asOf, `${this.o.tablePrefix ?? ''}${nodeId}__`) : undefined;
    const table = kept?.table ?? computed;
    const rows = kept?.rows ?? computedRows;
    const suppressed = kept ? { suppressed: kept.suppressed } : {};
    const size = checkSegmentSize(nodeId, config, rows);
    const done = (path: string): StepOutcome => ({ rows, problems: size.problems, segment: { name: config.segment, count: rows, path, ...suppressed } });
    if (size.enforced) return { rows, problems: size.problems, failed: true };
    if (this.o.deliver === false) return done('');
    if (!this.o.remote) {
      const file = isFileDestination(config.destination) ? config.destination : { type: 'csv' as const, path: `${config.segment}.csv` };
      const path = this.o.resolvePath(file.path, 'write');
      await writeSegmentFile(connection, table, path, file.type);
      return done(path);
    }
    const segment = await deliverOutput({
      connection, nodeId, config, table, rows, schema, runId: this.o.runId, tablePrefix: this.o.tablePrefix ?? '',
      snapshots: this.o.snapshots, ledger: this.o.ledger ?? memoryLedger(), credentials: this.o.credentials,
      context: { signal, allow: this.o.addressAllowList ?? {} }, resolvePath: this.o.resolvePath,
    });
    return { rows, problems: size.problems, segment: { name: config.segment, ...segment, ...suppressed } };
  }
}

const filterCondition = (config: Record<string, unknown>) => config.condition as ConditionGroup;

/** Number columns read from the file as DECIMAL, untouched by a type override: their sums are exact as they are. */
function exactDecimals(config: ReadConfig, facts: SourceFacts | undefined): Set<string> {
  if (!facts?.ok) return new Set();
  return new Set(facts.columns.filter((c) => c.type === 'number' && c.duckType.startsWith('DECIMAL') && !config.columns?.[c.name]).map((c) => c.name));
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
