import type { DuckDBConnection } from '@duckdb/node-api';
import type { PostgresSession } from '../destinations/postgres-session.ts';
import { tableSql, type WarehouseReadConfig } from '../nodes/ingestion.ts';
import { summarySql } from '../nodes/event-summary.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import type { RunPlan } from '../plan/index.ts';
import type { NodeStep, RunBackend, StepOutcome } from '../run/execute-plan.ts';
import { RunCompiler } from '../run/run-compiler.ts';
import { postgresDialect } from '../sql/dialects/index.ts';
import { dateLiteral, ident, join, raw, sql, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { qualityProblems } from '../duckdb/ingest-source.ts';
import { deliverSegment, type DeliverSegmentOptions } from '../duckdb/deliver-segment.ts';
import { keptColumns, storagePlan } from '../duckdb/storage-plan.ts';
import { inputOf } from '../duckdb/aggregate-chains.ts';
import { copySegment } from './copy-segment.ts';
import { pgQuery } from './open-warehouse.ts';
import { hasStorageOrder } from './describe-table.ts';
import { recordStage, type WorkSchema } from './work-schema.ts';

export interface WarehouseBackendOptions extends DeliverSegmentOptions {
  analysis: WorkflowAnalysis;
  plan: Pick<RunPlan, 'partitioned' | 'partitions'>;
  session: PostgresSession;
  sources: Record<string, SourceFacts>;
  /** Where segments are copied to be delivered as every run delivers them (files, webhooks, tables); absent: outputs are only counted (previews). */
  duckdb?: DuckDBConnection;
  /**
   * Runs: the lean plan DuckDB runs follow (storage-plan.ts), one scan of
   * each events input for all its aggregates and rules, cheap nodes inlined.
   * Off (previews), every node is a table of its own.
   */
  lean?: boolean;
  /** Runs: the schema their stage tables live in, to be resumed (work-schema.ts). Absent: temporary tables of the session. */
  work?: WorkSchema;
}

/**
 * Runs a workflow's steps inside PostgreSQL, compiled by the same run
 * compiler as DuckDB runs in PostgreSQL's dialect. Only an output's rows
 * leave the warehouse, copied into DuckDB to be delivered like any run's.
 * Steps run one at a time, on the one session.
 */
export class WarehouseBackend implements RunBackend {
  private readonly index = new Map<string, number>();
  private readonly compiler: RunCompiler;
  /** Rows of the steps run by this backend: a node keeping every row takes its input's. */
  private readonly rowCounts = new Map<string, number>();

  constructor(private readonly o: WarehouseBackendOptions) {
    o.analysis.order.forEach((id, i) => this.index.set(id, i));
    const storage = storagePlan(o.analysis, o.plan, { lean: o.lean, deliver: o.deliver !== false && o.duckdb !== undefined });
    this.compiler = new RunCompiler({
      analysis: o.analysis, plan: o.plan, storage, asOf: o.asOf, dialect: postgresDialect, deliver: o.deliver !== false && o.duckdb !== undefined, lean: o.lean,
      tableName: (id) => this.table(id), summaryTable: (id) => this.summary(id),
    });
  }

  private table(nodeId: string): Sql {
    const i = this.index.get(nodeId)!;
    return this.o.work ? this.o.work.table(i) : ident(`segflow_${i}`);
  }

  private summary(eventsId: string): Sql {
    const i = this.index.get(eventsId)!;
    return this.o.work ? this.o.work.summary(i) : ident(`segflow_s_${i}`);
  }

  /** The table holding a computed node's rows, when it has one (previews read members and values from it). */
  tableOf(nodeId: string): Sql | undefined {
    return this.index.has(nodeId) && this.compiler.storesTable(nodeId) ? this.table(nodeId) : undefined;
  }

  private async run(statement: Sql) {
    return this.o.session.query(pgQuery(statement));
  }

  /**
   * Writes a table and returns its row count (PostgreSQL reports it, no
   * count needed). Analysed at once: autovacuum comes late to new tables
   * (never to temporary ones), and without statistics the planner guesses
   * joins of millions of rows as joins of a thousand.
   */
  private async createTable(target: Sql, select: Sql): Promise<number> {
    await this.run(sql`DROP TABLE IF EXISTS ${target}`);
    const created = await this.run(sql`CREATE ${raw(this.o.work ? 'UNLOGGED' : 'TEMPORARY')} TABLE ${target} AS ${select}`);
    await this.run(sql`ANALYZE ${target}`);
    return created.rowCount ?? 0;
  }

  private async countRows(from: Sql): Promise<number> {
    const result = await this.run(sql`SELECT count(*) AS n FROM ${from} AS __segflow_counted`);
    return Number(result.rows[0].n);
  }

  async runStep({ nodeId }: NodeStep, signal: AbortSignal): Promise<StepOutcome> {
    signal.throwIfAborted();
    const outcome = await this.compute(nodeId, signal);
    this.rowCounts.set(nodeId, outcome.rows ?? 0);
    if (this.o.work && !outcome.failed) await recordStage(this.o.session, this.o.work, nodeId);
    return outcome;
  }

  private async compute(nodeId: string, signal: AbortSignal): Promise<StepOutcome> {
    const node = this.o.analysis.nodes.get(nodeId)!;
    if (node.definition.scope === 'source') return this.ingest(nodeId);
    const isOutput = node.definition.role === 'output';
    const delivers = isOutput && this.o.duckdb !== undefined && this.o.deliver !== false;
    const stored = delivers || this.compiler.storesTable(nodeId);
    const rows = stored ? await this.createTable(this.table(nodeId), this.compiler.tableSelect(nodeId, null)) : await this.rowsOf(nodeId);
    if (!isOutput || !this.o.duckdb) return { rows };
    // A run that only counts copies nothing out of the warehouse.
    if (!delivers) return deliverSegment(this.o, this.o.duckdb, nodeId, raw('NULL'), rows, signal);
    const schema = this.o.analysis.schemas.get(nodeId)!;
    const segment = await copySegment(this.o.session, this.table(nodeId), schema, this.o.duckdb, `${this.o.tablePrefix ?? ''}w_${nodeId}`);
    return deliverSegment(this.o, this.o.duckdb, nodeId, ident(segment), rows, signal);
  }

  /** A node without a table's row count: its input's when it keeps every row, or its SELECT's. */
  private async rowsOf(nodeId: string): Promise<number> {
    if (this.o.analysis.nodes.get(nodeId)!.definition.keepsEveryRow) {
      const input = inputOf(this.o.analysis, nodeId, 'in')!;
      return this.rowCounts.get(input) ?? this.countRows(this.compiler.relation(input, null).from);
    }
    return this.countRows(this.compiler.stored(nodeId, null));
  }

  /**
   * A source table cleaned: stored (only the columns someone reads) unless
   * its readers recompute it; events summarised in one scan for every
   * aggregate and rule reading them; the rows left out counted.
   */
  private async ingest(nodeId: string): Promise<StepOutcome> {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const output = this.o.analysis.schemas.get(nodeId)!;
    const table = node.definition.read!(node.config) as WarehouseReadConfig;
    // A table's storage order (ctid) is what "first in the file" means; a view's rows are numbered as it gives them.
    const ordered = await hasStorageOrder(this.o.session, table.table);
    const rows = ordered ? tableSql(table.table) : sql`(SELECT *, row_number() OVER () AS __segflow_row FROM ${tableSql(table.table)}) AS __segflow_rows`;
    const full = {
      nodeId, config: node.config, inputs: {}, output, asOf: dateLiteral(this.o.asOf), dialect: postgresDialect,
      raw: rows, rawOrder: raw(ordered ? 'ctid' : '__segflow_row'), source: this.o.sources[nodeId],
    };
    const select = node.definition.compile(full);
    const steps = this.compiler.storage.summaries.get(nodeId);
    if (steps) await this.createTable(this.summary(nodeId), summarySql(steps, { from: sql`(${select})`, schema: output }, full.asOf, postgresDialect));
    const columns = keptColumns(this.o.analysis, this.compiler.storage, nodeId);
    const stored = this.compiler.storesTable(nodeId)
      ? await this.createTable(this.table(nodeId), columns ? sql`SELECT ${join(columns.map((c) => ident(c.name)), ', ')} FROM (${select}) AS __segflow_read` : select)
      : undefined;
    const quality = (await this.run(node.definition.quality!(full))).rows[0] as Record<string, unknown>;
    let kept: number;
    if (stored !== undefined) kept = stored;
    else if (node.definition.output === 'events') {
      // Events are never deduplicated: every row with a key is kept, which the quality counts tell without another scan.
      kept = Number(quality.rows_read) - Number(quality.missing_key);
    } else kept = await this.countRows(sql`(${select})`);
    return { rows: kept, problems: qualityProblems(nodeId, table.key, quality, kept, node.definition.readsFileOrder === true) };
  }
}
