import type { Schema } from '../model/column.ts';
import type { RankCuts } from './rank-cuts.ts';
import type { Row, Value } from './values.ts';

/** The answer for a customer that cannot be known (a rank without recorded cut points), with why. */
export class Unknown {
  constructor(readonly reason: string) {}
}

/**
 * What a node gives for one customer: their row when they are in its
 * population, null when they are not, the rows of their events for an events
 * node, or Unknown.
 */
export type NodeResult = Row | Row[] | null | Unknown;

/** One rule's value and outcome, for explanations. */
export interface RuleTrace {
  nodeId: string;
  /** What the rule looks at: a column or an event figure. */
  subject: string;
  value: Value;
  operator: string;
  expected?: unknown;
  passed: boolean;
  /** A plain sentence: "income is 412.5; needs more than 500". */
  text: string;
}

/** Per call: the as-of day and the customer's own data. */
export interface EvaluateEnv {
  /** UTC day number of the as-of date. */
  asOfDay: number;
  /** By source node id: the customer's profile row, or null when they have none there. */
  profiles: Record<string, Row | null>;
  /** By events node id: the customer's events (their key already checked). */
  events: Record<string, Row[]>;
  /** Set to collect rule outcomes (explain); absent on the fast path. */
  trace?: RuleTrace[];
}

/** A node compiled for one customer at a time: its inputs' results, by port in edge order, to its own. */
export type NodeEvaluator = (inputs: Record<string, NodeResult[]>, env: EvaluateEnv) => NodeResult;

/** What a node kind's `evaluate` hook gets once, when a workflow is compiled. */
export interface EvaluatorContext<C> {
  nodeId: string;
  /** The node's label, or its id: explanations name nodes as the user sees them. */
  label: string;
  config: C;
  /** Input schemas by port, in edge order. */
  inputs: Record<string, Schema[]>;
  output: Schema;
  /** Ids of the nodes on each port, in edge order (priority names the first input holding a customer). */
  inputIds: Record<string, string[]>;
  /** Rows arriving on a port that holds a whole table (a lookup's table), loaded before: by node id, then port. */
  table?: (port: string) => Row[] | undefined;
  /** Cut points recorded by the last successful run of this version, for global nodes. */
  cuts?: RankCuts;
}

export const isUnknown = (r: NodeResult): r is Unknown => r instanceof Unknown;
export const isRow = (r: NodeResult): r is Row => r !== null && !Array.isArray(r) && !(r instanceof Unknown);
