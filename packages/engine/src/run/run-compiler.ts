import type { Relation } from '../nodes/define-node.ts';
import type { Schema } from '../model/column.ts';
import type { RunPlan } from '../plan/index.ts';
import type { Dialect } from '../sql/dialects/index.ts';
import { dateLiteral, ident, intLiteral, join, raw, sql, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { inputOf } from '../duckdb/aggregate-chains.ts';
import { keptColumns, summaryOf, type StoragePlan } from '../duckdb/storage-plan.ts';
import { combinedFilter, fusedSelect } from '../duckdb/fused-filters.ts';

export interface RunCompilerOptions {
  analysis: WorkflowAnalysis;
  plan: Pick<RunPlan, 'partitioned' | 'partitions'>;
  storage: StoragePlan;
  asOf: string;
  dialect: Dialect;
  /** Where a stored node's rows are (whole, or one partition). */
  tableName(nodeId: string, partition: number | null): Sql;
  /** Where an events input's summary is. */
  summaryTable(eventsId: string): Sql;
  /** False: outputs only count, nothing fetches columns for a file. */
  deliver?: boolean;
  /** Lean runs read a combine of filters over the same rows as one filtered scan (fused-filters.ts). */
  lean?: boolean;
  /** A global node's new column by key, computed before over the same customers (see DuckDbBackendOptions.knownValues). */
  knownValues?: (nodeId: string) => Sql | undefined;
}

/** A global node's rows from its input and its new column's values by key (see `knownValues`). */
function withKnownValues(nodeId: string, input: Relation, output: Schema, values: Sql): Sql {
  const columns = output.columns.map((c) => (c.origin === nodeId ? sql`v.__segflow_value AS ${ident(c.name)}` : sql`p.${ident(c.name)}`));
  return sql`SELECT ${join(columns, ', ')} FROM ${input.from} AS p LEFT JOIN ${values} AS v ON p.${ident(input.schema.key)} = v.__segflow_key`;
}

/**
 * The SQL of each node of a run following its storage plan (storage-plan.ts),
 * in any dialect: a stored node reads its table, an inlined one its SELECT,
 * a summary reader the summary of its events (one scan per events input),
 * an output the columns no table kept fetched by key. The DuckDB and the
 * warehouse backends both compile with it and differ only in how they
 * execute and where tables live.
 */
export class RunCompiler {
  constructor(private readonly o: RunCompilerOptions) {}

  get storage(): StoragePlan {
    return this.o.storage;
  }

  inlined(nodeId: string): boolean {
    return this.o.storage.inline.has(nodeId);
  }

  /** Whether the node's step writes a table (else its readers recompute it, or a later aggregate of its row does). */
  storesTable(nodeId: string): boolean {
    return !(this.inlined(nodeId) || this.o.storage.chains.folded.has(nodeId));
  }

  /**
   * The node's rows on one partition (or all): its table, or its SELECT when
   * inlined. A table keeping only the needed columns shows the others as NULL,
   * so every node still sees its whole schema (and never reads those).
   */
  stored(nodeId: string, partition: number | null): Sql {
    if (!this.inlined(nodeId)) {
      const table = this.o.tableName(nodeId, partition);
      const kept = keptColumns(this.o.analysis, this.o.storage, nodeId);
      if (!kept) return table;
      const columns = this.o.analysis.schemas.get(nodeId)!.columns.map((c) =>
        kept.includes(c) ? ident(c.name) : sql`CAST(NULL AS ${raw(this.o.dialect.type(c.type))}) AS ${ident(c.name)}`);
      return sql`(SELECT ${join(columns, ', ')} FROM ${table} AS __segflow_kept)`;
    }
    return sql`(${this.select(nodeId, partition)})`;
  }

  /** What the node's step stores: its SELECT narrowed to the columns its readers read. */
  tableSelect(nodeId: string, partition: number | null): Sql {
    const kept = keptColumns(this.o.analysis, this.o.storage, nodeId);
    const select = this.select(nodeId, partition);
    return kept ? sql`SELECT ${join(kept.map((c) => ident(c.name)), ', ')} FROM (${select}) AS __segflow_narrowed` : select;
  }

  /** The rows of `nodeId` as a step on `partition` must see them. */
  relation(nodeId: string, partition: number | null): Relation {
    return { ...this.relationRows(nodeId, partition), nodeId };
  }

  private relationRows(nodeId: string, partition: number | null): Relation {
    const schema = this.o.analysis.schemas.get(nodeId)!;
    const { partitions } = this.o.plan;
    const partitioned = this.o.plan.partitioned[nodeId] ?? false;
    if (partitioned && partition === null) {
      const parts = Array.from({ length: partitions }, (_, k) => sql`SELECT * FROM ${this.stored(nodeId, k)} AS __segflow_part`);
      return { from: sql`(${join(parts, ' UNION ALL ')})`, schema };
    }
    if (partitioned || partition === null) return { from: this.stored(nodeId, partition), schema };
    // Customers and their events split by the same hash of the key, so per-key work stays local (DuckDB's hybrid runs only).
    return { from: sql`(SELECT * FROM ${this.stored(nodeId, null)} AS __segflow_whole WHERE hash(${ident(schema.key)}) % ${intLiteral(partitions)} = ${intLiteral(partition)})`, schema };
  }

  /** The node's SELECT on a partition (or all): over its events' summary when it reads one. */
  select(nodeId: string, partition: number | null): Sql {
    const node = this.o.analysis.nodes.get(nodeId)!;
    const output = this.o.analysis.schemas.get(nodeId)!;
    const eventsId = summaryOf(this.o.analysis, this.o.storage.summaries, nodeId);
    if (eventsId !== undefined) return this.summarySelect(nodeId, eventsId, partition);
    const inputs = this.inputs(nodeId, partition);
    const asOf = dateLiteral(this.o.asOf);
    const fused = this.o.lean ? combinedFilter(this.o.analysis, nodeId, asOf, this.o.dialect) : undefined;
    if (fused) return fusedSelect(output, this.relation(fused.base, partition).from, fused);
    const values = node.definition.scope === 'global' && partition === null ? this.o.knownValues?.(nodeId) : undefined;
    if (values) return withKnownValues(nodeId, inputs.in[0], output, values);
    if (node.definition.role === 'output') inputs.in = [this.withFetchedColumns(inputOf(this.o.analysis, nodeId, 'in')!, inputs.in[0], output)];
    return node.definition.compile({ nodeId, config: node.config, inputs, output, asOf, dialect: this.o.dialect });
  }

  /**
   * A summary reader, alone or as the last of a row computed in one pass
   * (aggregate-chains.ts): its customers (the row's first node's) joined to
   * the summary of their events.
   */
  private summarySelect(nodeId: string, eventsId: string, partition: number | null): Sql {
    const { analysis, storage } = this.o;
    const node = analysis.nodes.get(nodeId)!;
    const head = storage.chains.headOf.get(nodeId) ?? nodeId;
    const steps = (storage.chains.chains.get(nodeId) ?? [nodeId]).flatMap((id) => {
      const member = analysis.nodes.get(id)!;
      return member.definition.eventSummary!.steps(id, member.config);
    });
    return node.definition.eventSummary!.compile({
      nodeId, config: node.config, steps,
      customers: this.relation(inputOf(analysis, head, 'in')!, partition),
      summary: { events: analysis.schemas.get(eventsId)!, from: this.o.summaryTable(eventsId) },
      output: analysis.schemas.get(nodeId)!, asOf: dateLiteral(this.o.asOf), dialect: this.o.dialect,
    });
  }

  /**
   * An output's input with the segment's columns that no table on the way kept
   * looked up by key where they were made: a source's table, or the events'
   * summary of a node adding summary values.
   */
  private withFetchedColumns(inputId: string, input: Relation, segment: Schema): Relation {
    const needed = this.o.storage.columns?.needed.get(inputId);
    // An output that writes nothing only counts: the tables before it kept keys, not what it would write.
    if (!needed || needed === 'all' || this.o.deliver === false) return input;
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
      if (origin.definition.scope === 'source') {
        const sourceKey = ident(this.o.analysis.schemas.get(column.origin)!.key);
        const f = from(column.origin, (a) => sql`LEFT JOIN ${this.o.tableName(column.origin, null)} AS ${a} ON ${a}.${sourceKey} = i.${key}`);
        return sql`${f}.${name}`;
      }
      const eventsId = inputOf(this.o.analysis, column.origin, 'events')!;
      const f = from(eventsId, (a) => sql`LEFT JOIN ${this.o.summaryTable(eventsId)} AS ${a} ON ${a}.__segflow_key = i.${key}`);
      return sql`${origin.definition.eventSummary!.value!(column.origin, origin.config, f)} AS ${name}`;
    });
    return { from: sql`(SELECT ${join(columns, ', ')} FROM ${input.from} AS i ${join(joins, ' ')})`, schema: input.schema };
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
}
