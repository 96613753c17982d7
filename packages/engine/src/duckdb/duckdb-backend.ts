import type { DuckDBConnection } from '@duckdb/node-api';
import { isFileDestination } from '../nodes/output.node.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import type { RunPlan } from '../plan/index.ts';
import type { NodeStep, RunBackend, StepOutcome } from '../run/execute-plan.ts';
import { dateLiteral, ident, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { createTableAs, createTableCounted, type ConnectionPool } from './database.ts';
import { inputOf } from './aggregate-chains.ts';
import { keptColumns, storagePlan, type StoragePlan } from './storage-plan.ts';
import { RunCompiler } from '../run/run-compiler.ts';
import { duckdbDialect } from '../sql/dialects/index.ts';
import { countRows, ingestSource } from './ingest-source.ts';
import { permanentIfDeterministic } from './duckdb-errors.ts';
import { rankCuts } from './rank-cuts-sql.ts';
import { analyzedSettings } from '../nodes/node-settings.ts';
import { rankNode } from '../nodes/rank.node.ts';
import type { CredentialResolver } from '../destinations/credentials.ts';
import type { DeliveryLedger } from '../destinations/ledger.ts';
import type { MembershipSnapshots } from '../destinations/membership.ts';
import { deliverSegment } from './deliver-segment.ts';
import { FilterCounts } from './filter-counts.ts';
import type { SuppressionList } from './suppression.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';

export { sampleFilter } from './ingest-source.ts';

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
  /**
   * Where each events input's summary is read from, made by the caller
   * (previews keep one column per aggregate, keyed by its definition).
   */
  summaryTable?: (eventsId: string) => Sql;
  /**
   * A global node's (a rank's) new column by key (rows of `__segflow_key`,
   * `__segflow_value`), when an earlier preview computed the same values over
   * the same customers: the node joins it instead of ranking everyone again.
   */
  knownValues?: (nodeId: string) => Sql | undefined;
  /** Whole-node row counts known from before (previews' cache): a node keeping every row of one takes its count. */
  knownCounts?: ReadonlyMap<string, number>;
  /** Keep only this fraction (0..1] of customers, chosen by a hash of the key: deterministic. */
  sample?: number;
  /** Tables of the connection alone, in memory (spilling under the memory limit), never written to the database file: previews. */
  temporaryTables?: boolean;
  /** False: count output segments but write no file (previews, comparisons). */
  deliver?: boolean;
  /** Tables outlive the run: a preview's are read by later previews (see `StoragePlanOptions.kept`). */
  kept?: boolean;
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

/**
 * Runs node steps as DuckDB statements, following the run's storage plan
 * (storage-plan.ts): a stored node's rows become a table, an inlined one's
 * SELECT is read by its readers.
 */
export class DuckDbBackend implements RunBackend {
  private readonly storage: StoragePlan;
  private readonly compiler: RunCompiler;
  /** Rows of each step run in this process, by `node|partition`: what row-keeping nodes report. */
  private readonly rowCounts = new Map<string, number>();
  /** Lean runs: inline filters and fused combines over the same rows, counted in one scan of them (filter-counts.ts); made at the first such count. */
  private filterCounts?: FilterCounts;

  constructor(private readonly o: DuckDbBackendOptions) {
    this.storage = storagePlan(o.analysis, o.plan, { lean: o.lean, deliver: o.deliver, kept: o.kept });
    this.compiler = new RunCompiler({
      analysis: o.analysis, plan: o.plan, storage: this.storage, asOf: o.asOf, dialect: duckdbDialect, deliver: o.deliver, lean: o.lean,
      knownValues: o.knownValues, tableName: (id, partition) => this.tableName(id, partition), summaryTable: (id) => this.summaryTable(id),
    });
    for (const [id, rows] of o.knownCounts ?? []) this.rowCounts.set(`${id}|null`, rows);
  }

  /** The lean run's filters grouped by the rows they read, worked out when the first inline node is counted. */
  private countsOfFilters(): FilterCounts {
    const { analysis, plan, asOf } = this.o;
    const counted = (id: string) => this.compiler.inlined(id) && !plan.partitioned[id] && !analysis.nodes.get(id)!.definition.keepsEveryRow;
    return (this.filterCounts ??= new FilterCounts(analysis, plan.tasks.flatMap((t) => t.nodes), counted, dateLiteral(asOf), duckdbDialect, (id) => this.compiler.storesTable(id)));
  }

  private summaryTable(eventsId: string): Sql {
    if (this.o.summaryTable) return this.o.summaryTable(eventsId);
    return ident(`${this.o.tablePrefix ?? ''}summary_${eventsId}`);
  }

  tableName(nodeId: string, partition: number | null): Sql {
    if (partition === null && this.o.wholeTableName) return ident(this.o.wholeTableName(nodeId));
    return ident(`${this.o.tablePrefix ?? ''}n_${nodeId}${partition === null ? '' : `_p${partition}`}`);
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
      const summarised = this.storage.summaries.get(nodeId);
      return remember(await ingestSource(connection, {
        node, target, inline: this.compiler.inlined(nodeId), facts: this.o.sources[nodeId],
        ctx: { nodeId, config: node.config, inputs: {}, output: this.o.analysis.schemas.get(nodeId)!, asOf: dateLiteral(this.o.asOf) },
        summary: summarised && { table: this.summaryTable(nodeId), steps: summarised },
        rawTable: ident(`${this.o.tablePrefix ?? ''}raw_${nodeId}`), resolvePath: this.o.resolvePath, sample: this.o.sample, temporary: this.o.temporaryTables,
        columns: keptColumns(this.o.analysis, this.storage, nodeId)?.map((c) => c.name),
      }));
    }
    const isOutput = node.definition.role === 'output';
    // A remote delivery reads its segment from a table, so such outputs are always stored.
    const stored = (isOutput && this.deliversRemotely(nodeId)) || this.compiler.storesTable(nodeId);
    const written = stored ? await createTableCounted(connection, createTableAs(target, this.compiler.tableSelect(nodeId, partition), { temporary: this.o.temporaryTables })) : undefined;
    const rows = written ?? (await this.rowsOf(connection, nodeId, partition, stored));
    remember({ rows });
    if (isOutput) return this.deliver(connection, nodeId, stored ? target : this.compiler.stored(nodeId, partition), rows, signal);
    // A global node (rank) records its cut points, so one customer can be ranked later without all rows.
    // Only runs that deliver, over every customer: previews and samples would record what no one uses.
    const ranking = node.definition.scope === 'global' ? analyzedSettings(node, rankNode) : undefined;
    if (ranking && this.o.deliver !== false && (this.o.sample ?? 1) >= 1) {
      const input = this.compiler.relation(inputOf(this.o.analysis, nodeId, 'in')!, null);
      return { rows, cuts: await rankCuts(connection, ranking, input) };
    }
    return { rows };
  }

  /**
   * A node's row count: its table's, or its input's when it keeps every row
   * (known from the input's own step, else counted there, which skips the
   * node's own work), or, inline, with the other filters over the same rows
   * in a lean run, else its SELECT's.
   */
  private async rowsOf(connection: DuckDBConnection, nodeId: string, partition: number | null, stored: boolean): Promise<number> {
    if (stored) return countRows(connection, this.tableName(nodeId, partition));
    if (this.o.analysis.nodes.get(nodeId)!.definition.keepsEveryRow) {
      const input = inputOf(this.o.analysis, nodeId, 'in')!;
      return this.knownRows(input, partition) ?? countRows(connection, this.compiler.relation(input, partition).from);
    }
    const batched = this.o.lean && partition === null ? await this.countsOfFilters().rows(connection, nodeId, (base) => this.compiler.relation(base, null).from) : undefined;
    return batched ?? countRows(connection, this.compiler.stored(nodeId, partition));
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

  private deliversRemotely(nodeId: string): boolean {
    const { definition, config: settings } = this.o.analysis.nodes.get(nodeId)!;
    const config = definition.delivery!(settings);
    return Boolean(this.o.remote) && !isFileDestination(config.destination) && this.o.deliver !== false;
  }

  private deliver(connection: DuckDBConnection, nodeId: string, computed: Sql, computedRows: number, signal: AbortSignal): Promise<StepOutcome> {
    return deliverSegment(this.o, connection, nodeId, computed, computedRows, signal);
  }
}
