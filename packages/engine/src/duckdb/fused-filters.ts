import type { CompileContext, Relation } from '../nodes/define-node.ts';
import { inputOf } from './aggregate-chains.ts';
import type { Schema } from '../model/column.ts';
import { ident, join, raw, sql, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import type { Dialect } from '../sql/dialects/index.ts';

type Analysis = Pick<WorkflowAnalysis, 'nodes' | 'schemas' | 'adjacency'>;

/** A node's rows as the rows of `base` (a node further up) meeting `where` (none: all of them). */
export interface FilterOver {
  base: string;
  where?: Sql;
}

/**
 * A combine (union, intersect, exclude) of inputs that are all the same rows
 * filtered, as one filter of those rows: `top ∩ loyal` over one ranked table
 * is that table's rows meeting both conditions, read in one scan instead of
 * joined by key. Undefined when the inputs come from different rows, or when
 * the combine's columns are not those rows' own.
 */
export function combinedFilter(analysis: Analysis, nodeId: string, asOf: Sql, dialect?: Dialect): FilterOver | undefined {
  const definition = analysis.nodes.get(nodeId)!.definition;
  if (!definition.combineConditions) return undefined;
  const parts = (analysis.adjacency.incoming.get(nodeId) ?? []).map((e) => ({ port: e.targetPort, ...filterOver(analysis, e.source, asOf, dialect) }));
  const base = parts[0]?.base;
  if (base === undefined || parts.some((p) => p.base !== base)) return undefined;
  if (!ownColumns(analysis.schemas.get(nodeId)!, analysis.schemas.get(base)!)) return undefined;
  const conditions: Record<string, Sql[]> = {};
  for (const p of parts) (conditions[p.port] ??= []).push(p.where ?? raw('true'));
  return { base, where: definition.combineConditions(conditions) };
}

/** A node's rows through the filters and fusable combines above it. */
function filterOver(analysis: Analysis, nodeId: string, asOf: Sql, dialect?: Dialect): FilterOver {
  const node = analysis.nodes.get(nodeId)!;
  const input = inputOf(analysis, nodeId, 'in');
  const condition = input !== undefined ? node.definition.rowCondition?.(contextOf(analysis, nodeId, asOf, dialect)) : undefined;
  if (condition) {
    const inner = filterOver(analysis, input!, asOf, dialect);
    // In parentheses: an exclude reads it as NOT (...), and NOT binds tighter than AND.
    return { base: inner.base, where: inner.where ? sql`(${inner.where} AND ${condition})` : condition };
  }
  return combinedFilter(analysis, nodeId, asOf, dialect) ?? { base: nodeId };
}

/** A filter's or fusable combine's rows as a filter of rows further up; undefined for any other node, or when there are none further up. */
export function rowsOver(analysis: Analysis, nodeId: string, asOf: Sql, dialect?: Dialect): FilterOver | undefined {
  if (!analysis.schemas.has(nodeId) || !fusable(analysis, nodeId)) return undefined;
  const over = filterOver(analysis, nodeId, asOf, dialect);
  return over.base === nodeId ? undefined : over;
}

/** Whether a combine reads the rows further up through `combinedFilter` instead of its inputs' rows (one with errors reads nothing). */
export function readsPast(analysis: Analysis, nodeId: string): boolean {
  return analysis.schemas.has(nodeId) && combinedFilter(analysis, nodeId, raw('CURRENT_DATE')) !== undefined;
}

/**
 * Whether a node is read through by `combinedFilter` (its readers may scan what lies above it instead).
 * Not a filter with an events input: its rules read its events' summary, so its rows are its own.
 */
export function fusable(analysis: Pick<WorkflowAnalysis, 'nodes' | 'adjacency'>, nodeId: string): boolean {
  const { rowCondition, combineConditions } = analysis.nodes.get(nodeId)!.definition;
  if (combineConditions) return true;
  return Boolean(rowCondition) && inputOf(analysis, nodeId, 'events') === undefined;
}

/** The SELECT of a combine fused into a filter of `over.base`'s rows (`rows`), with the combine's columns. */
export function fusedSelect(output: Schema, rows: Sql, over: FilterOver): Sql {
  return sql`SELECT ${join(output.columns.map((c) => ident(c.name)), ', ')} FROM ${rows} AS p WHERE ${over.where ?? raw('true')}`;
}

/** Every column of `output` is the same column of `base` (name, origin and type), and so is the key. */
function ownColumns(output: Schema, base: Schema): boolean {
  return output.key === base.key && output.columns.every((c) => base.columns.some((b) => b.name === c.name && b.origin === c.origin && b.type === c.type));
}

/** What a node's compile hooks read, without its inputs' rows (only their schemas). */
function contextOf(analysis: Analysis, nodeId: string, asOf: Sql, dialect?: Dialect): CompileContext<never> {
  const node = analysis.nodes.get(nodeId)!;
  const inputs: Record<string, Relation[]> = {};
  for (const e of analysis.adjacency.incoming.get(nodeId) ?? []) (inputs[e.targetPort] ??= []).push({ from: raw(''), schema: analysis.schemas.get(e.source)! });
  return { nodeId, config: node.config as never, inputs, output: analysis.schemas.get(nodeId)!, asOf, dialect };
}
