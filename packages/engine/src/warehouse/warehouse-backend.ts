import type { DuckDBConnection } from '@duckdb/node-api';
import type { PostgresSession } from '../destinations/postgres-session.ts';
import type { Relation } from '../nodes/define-node.ts';
import { tableSql, type WarehouseReadConfig } from '../nodes/ingestion.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import type { NodeStep, RunBackend, StepOutcome } from '../run/execute-plan.ts';
import { postgresDialect } from '../sql/dialects/index.ts';
import { dateLiteral, ident, raw, sql, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { qualityProblems } from '../duckdb/ingest-source.ts';
import { deliverSegment, type DeliverSegmentOptions } from '../duckdb/deliver-segment.ts';
import { copySegment } from './copy-segment.ts';
import { pgQuery } from './open-warehouse.ts';
import { hasStorageOrder } from './describe-table.ts';

export interface WarehouseBackendOptions extends DeliverSegmentOptions {
  analysis: WorkflowAnalysis;
  session: PostgresSession;
  sources: Record<string, SourceFacts>;
  /** Where segments are copied to be delivered as every run delivers them (files, webhooks, tables); absent: outputs are only counted (previews). */
  duckdb?: DuckDBConnection;
}

/**
 * Runs a workflow's steps inside PostgreSQL: one statement per node, each
 * node's rows a temporary table of the run's session (gone when it ends),
 * compiled by the same node kinds in PostgreSQL's dialect. Only an output's
 * rows leave the warehouse, copied into DuckDB to be delivered like any
 * run's. Steps run one at a time, on the one session that holds the tables.
 */
export class WarehouseBackend implements RunBackend {
  private readonly tables = new Map<string, Sql>();

  constructor(private readonly o: WarehouseBackendOptions) {
    o.analysis.order.forEach((id, i) => this.tables.set(id, ident(`segflow_${i}`)));
  }

  /** The temporary table holding a computed node's rows (previews read members and values from it). */
  tableOf(nodeId: string): Sql | undefined {
    return this.tables.get(nodeId);
  }

  private relation(nodeId: string): Relation {
    return { from: this.tables.get(nodeId)!, schema: this.o.analysis.schemas.get(nodeId)!, nodeId };
  }

  private inputs(nodeId: string): Record<string, Relation[]> {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const incoming = this.o.analysis.adjacency.incoming.get(nodeId) ?? [];
    return Object.fromEntries(Object.keys(node.definition.inputs).map((port) => [
      port, incoming.filter((e) => e.targetPort === port).map((e) => this.relation(e.source)),
    ]));
  }

  private async run(statement: Sql) {
    return this.o.session.query(pgQuery(statement));
  }

  /**
   * The table's row count. Analysed first: autovacuum never looks at
   * temporary tables, and without statistics the planner guesses joins of
   * millions of rows as joins of a thousand.
   */
  private async count(table: Sql): Promise<number> {
    await this.run(sql`ANALYZE ${table}`);
    const result = await this.run(sql`SELECT count(*) AS n FROM ${table}`);
    return Number(result.rows[0].n);
  }

  async runStep({ nodeId }: NodeStep, signal: AbortSignal): Promise<StepOutcome> {
    signal.throwIfAborted();
    const node = this.o.analysis.nodes.get(nodeId)!;
    const target = this.tables.get(nodeId)!;
    const ctx = {
      nodeId, config: node.config, inputs: this.inputs(nodeId), output: this.o.analysis.schemas.get(nodeId)!,
      asOf: dateLiteral(this.o.asOf), dialect: postgresDialect,
    };
    if (node.definition.scope === 'source') {
      const table = node.definition.read!(node.config) as WarehouseReadConfig;
      // A table's storage order (ctid) is what "first in the file" means; a view's rows are numbered as it gives them.
      const ordered = await hasStorageOrder(this.o.session, table.table);
      const rows = ordered ? tableSql(table.table) : sql`(SELECT *, row_number() OVER () AS __segflow_row FROM ${tableSql(table.table)}) AS __segflow_rows`;
      const full = { ...ctx, raw: rows, rawOrder: raw(ordered ? 'ctid' : '__segflow_row'), source: this.o.sources[nodeId] };
      await this.run(sql`DROP TABLE IF EXISTS ${target}`);
      await this.run(sql`CREATE TEMPORARY TABLE ${target} AS ${node.definition.compile(full)}`);
      const kept = await this.count(target);
      const quality = await this.run(node.definition.quality!(full));
      return { rows: kept, problems: qualityProblems(nodeId, table.key, quality.rows[0] as Record<string, unknown>, kept, node.definition.readsFileOrder === true) };
    }
    await this.run(sql`DROP TABLE IF EXISTS ${target}`);
    await this.run(sql`CREATE TEMPORARY TABLE ${target} AS ${node.definition.compile(ctx)}`);
    const rows = await this.count(target);
    if (node.definition.role !== 'output' || !this.o.duckdb) return { rows };
    const schema = this.o.analysis.schemas.get(nodeId)!;
    const segment = await copySegment(this.o.session, target, schema, this.o.duckdb, `${this.o.tablePrefix ?? ''}w_${nodeId}`);
    return deliverSegment(this.o, this.o.duckdb, nodeId, ident(segment), rows, signal);
  }
}
