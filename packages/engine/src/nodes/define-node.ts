import type { z } from 'zod';
import type { DataKind, Schema } from '../model/column.ts';
import type { Problem } from '../model/problem.ts';
import type { Sql } from '../sql/sql.ts';
import type { Dialect } from '../sql/dialects/index.ts';
import type { SourceFacts } from './source-facts.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';
import type { SummaryStep } from './event-summary.ts';
import type { SourceRead } from './ingestion.ts';
import type { OutputConfig } from './output.node.ts';
import type { FieldDescriptor } from './fields.ts';
import type { EvaluatorContext, NodeEvaluator } from '../evaluate/types.ts';

export type NodeRole = 'ingestion' | 'rule' | 'enrichment' | 'combine' | 'output';

/**
 * How a node may be split across partitions of customers:
 * - `source`: reads a file (global: data-quality checks need every row);
 * - `row`: works row by row, or per key, so it may run per partition;
 * - `global`: needs all rows (rank): a barrier;
 * - `sink`: writes a segment, collecting every partition.
 */
export type NodeScope = 'source' | 'row' | 'global' | 'sink';

export interface PortSpec {
  accepts: DataKind;
  /** Many edges allowed; `min` is the least number of edges (default 1). */
  many?: boolean;
  min?: number;
  label: string;
  /** The port needs all rows even when the node runs per partition (a lookup table matched on any column). */
  broadcast?: boolean;
}

export interface InferContext<C> {
  nodeId: string;
  config: C;
  /** The schema arriving on each port, in edge order. */
  inputs: Record<string, Schema[]>;
  /** Sources only: what the file holds, or why it cannot be read. */
  source?: SourceFacts;
  /** Addresses a webhook may reach besides public ones (set by an admin). */
  addressAllowList?: AddressAllowList;
}

export interface InferResult {
  /** Absent when the node's output cannot be known (errors, or an unread source). */
  schema?: Schema;
  problems: Problem[];
}

export interface Relation {
  /** A table name or parenthesised subquery to select from. */
  from: Sql;
  schema: Schema;
  /** Number columns known to hold exact decimals already (read as DECIMAL from a file): sums need no cast to be exact. */
  exact?: ReadonlySet<string>;
  /** The node whose rows these are (a priority node names the input that holds a customer). */
  nodeId?: string;
}

export interface CompileContext<C> {
  nodeId: string;
  config: C;
  inputs: Record<string, Relation[]>;
  /** The node's own inferred output schema. */
  output: Schema;
  /** The run's as-of date as an SQL DATE expression. */
  asOf: Sql;
  /** Sources only: the rows as read from the file. */
  raw?: Sql;
  /** Sources only: a column of `raw` that numbers rows in file order. */
  rawOrder?: Sql;
  /** Sources only: the file's columns as read. */
  source?: SourceFacts;
  /** The SQL engine compiled for (default DuckDB; see sql/dialects). */
  dialect?: Dialect;
}

/*
 * Hooks taking the settings are methods, not function-typed properties: method
 * parameters are compared both ways, so every kind's definition, typed by its
 * own settings, fits the registry's list as it is (no cast), while each kind's
 * own code keeps its settings' type. The settings' type is inferred from
 * `config` alone (NoInfer elsewhere).
 */
export interface NodeDefinition<C = unknown> {
  kind: string;
  role: NodeRole;
  label: string;
  /** One line of help for the palette. */
  help: string;
  /** A lucide icon name. */
  icon: string;
  /** The inspector's settings, as data the web renders (fields.ts); absent: a JSON editor. */
  fields?: readonly FieldDescriptor[];
  /**
   * One line saying what the node does, shown on its card ("spend = sum(amount)").
   * Gets the settings as being edited: any may be missing.
   */
  summary?(config: Partial<NoInfer<C>>): string;
  scope: NodeScope;
  inputs: Record<string, PortSpec>;
  /** What the node emits; null for outputs. */
  output: DataKind | null;
  config: z.ZodType<C>;
  /** The config a node gets when dropped on the canvas. */
  defaultConfig(): Record<string, unknown>;
  /** Output columns from input columns and config: the dependency check. */
  infer(ctx: InferContext<NoInfer<C>>): InferResult;
  /** A SELECT producing the node's rows from its inputs. */
  compile(ctx: CompileContext<NoInfer<C>>): Sql;
  /**
   * A scan with a filter or a new column: cheaper to recompute than to copy, so
   * partitioned runs keep it as a view instead of a table.
   */
  cheapToRecompute?: boolean;
  /**
   * Row filters only: the condition an input row meets to be kept (NULL
   * meaning no), when it reads nothing but the row; undefined otherwise.
   * Lets a combine of filters over the same rows become one filter of them.
   */
  rowCondition?(ctx: CompileContext<NoInfer<C>>): Sql | undefined;
  /**
   * Combines only: the node's rows as one condition when all its inputs are
   * the same rows filtered (`conditions`: each input's, by port, in edge order).
   */
  combineConditions?(conditions: Record<string, Sql[]>): Sql;
  /** Every input customer comes out exactly once (a new column, a rank, a segment): the node has its input's row count. */
  keepsEveryRow?: boolean;
  /**
   * The columns of the input on `port` the node needs, given which of its own
   * columns are needed downstream (its key is always kept): lets a run store
   * only columns someone reads. Absent: every input column (always safe).
   */
  columnsNeeded?(config: NoInfer<C>, port: string, downstream: ReadonlySet<string>): ReadonlySet<string> | 'all';
  /**
   * How input values reach the output: `rows` (every output column that comes
   * from an input holds that input's value for the customer), `union` (only
   * columns every input carries do). Absent: no promise. A column that holds
   * its origin's value can be fetched by key from where it was made.
   */
  passesValues?: 'rows' | 'union';
  /** Sources only: a SELECT of one row of data-quality counts over the raw rows. */
  quality?(ctx: CompileContext<NoInfer<C>>): Sql;
  /** Sources only: the file (or warehouse table) the node reads and how. */
  read?(config: NoInfer<C>): SourceRead;
  /** Sources only: `compile` reads `rawOrder` (file order decides which duplicate stays), so the file's rows are numbered. */
  readsFileOrder?: boolean;
  /** Sinks only: the segment the node names and where it goes. */
  delivery?(config: NoInfer<C>): OutputConfig;
  /**
   * The node reads per-customer values of its `events` input: lean runs scan
   * those events once into a summary shared by every such reader
   * (event-summary.ts), and the node then joins the summary.
   */
  eventSummary?: EventSummaryHook<NoInfer<C>>;
  /**
   * The node for one customer at a time (real-time evaluation): compiled once
   * per workflow into a closure with the same meaning as `compile`. A kind
   * without it cannot be evaluated customer by customer.
   */
  evaluate?(ctx: EvaluatorContext<NoInfer<C>>): NodeEvaluator;
}

/** What a node reading a summary of its events declares (see `NodeDefinition.eventSummary`). */
export interface EventSummaryHook<C> {
  /** The summary values the node reads, given its settings (none: it needs no summary). */
  steps(nodeId: string, config: C): SummaryStep[];
  /** The node's SELECT from its customers and the summary of their events. */
  compile(ctx: SummaryCompileContext<C>): Sql;
  /**
   * Present when the node only adds its summary values to every customer:
   * such a column can be fetched from the summary by key (this SQL, over the
   * summary's alias), and a row of such nodes over the same events joins the
   * summary once (`steps` of the compile context are then the whole row's).
   */
  value?(nodeId: string, config: C, summary: Sql): Sql;
}

export interface SummaryCompileContext<C> {
  nodeId: string;
  config: C;
  /** The node's customers (its `in` input, or the first node's of a row computed together). */
  customers: Relation;
  /** The events' schema and the summary table. */
  summary: { events: Schema; from: Sql };
  /** The summary values to join: the node's own, or those of the row it ends. */
  steps: SummaryStep[];
  output: Schema;
  asOf: Sql;
  dialect?: Dialect;
}

/** A kind's input ports as a list, made once per kind (validation walks them for every node). */
const portLists = new WeakMap<object, [string, PortSpec][]>();
export function portsOf(definition: Pick<NodeDefinition<unknown>, 'inputs'>): [string, PortSpec][] {
  let ports = portLists.get(definition.inputs);
  if (!ports) portLists.set(definition.inputs, (ports = Object.entries(definition.inputs)));
  return ports;
}

/** Identity with types: one file per kind calls this once. */
export function defineNode<C>(definition: NodeDefinition<C>): NodeDefinition<C> {
  return definition;
}
