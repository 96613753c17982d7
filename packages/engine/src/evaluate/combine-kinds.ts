import { combineColumns, type CombineConfig } from '../nodes/combine.ts';
import { DEFAULT_PRIORITY_COLUMN, type PriorityConfig } from '../nodes/priority.node.ts';
import { outputColumns, type OutputConfig } from '../nodes/output.node.ts';
import { isRow, isUnknown, type EvaluatorContext, type NodeEvaluator, type NodeResult } from './types.ts';
import type { Row } from './values.ts';

/**
 * Each output column with the inputs to read it from, in the order the batch
 * reads them: the first input holding the customer wins (the last with
 * conflict `last`).
 */
function columnReaders(ctx: EvaluatorContext<CombineConfig>): { name: string; from: readonly number[] }[] {
  const { columns } = combineColumns(ctx.inputs.in, ctx.nodeId, ctx.config.conflict);
  return columns.map(({ column, carriers }) => ({
    name: column.name,
    from: carriers.length === 0 ? [...ctx.inputs.in.keys()] : ctx.config.conflict === 'last' ? [...carriers].reverse() : carriers,
  }));
}

function combineRows(readers: { name: string; from: readonly number[] }[], rows: NodeResult[]): Row {
  const out: Row = {};
  for (const { name, from } of readers) {
    out[name] = null;
    for (const i of from) {
      const r = rows[i];
      if (isRow(r)) { out[name] = r[name] ?? null; break; }
    }
  }
  return out;
}

export function evaluateIntersect(ctx: EvaluatorContext<CombineConfig>): NodeEvaluator {
  const readers = columnReaders(ctx);
  return ({ in: rows }) => {
    if (rows.some((r) => r === null)) return null;
    const unknown = rows.find(isUnknown);
    return unknown ?? combineRows(readers, rows);
  };
}

export function evaluateUnion(ctx: EvaluatorContext<CombineConfig>): NodeEvaluator {
  const readers = columnReaders(ctx);
  return ({ in: rows }) => {
    // An unknown input may hold the customer with values that win: the whole answer is unknown.
    const unknown = rows.find(isUnknown);
    if (unknown) return unknown;
    return rows.some(isRow) ? combineRows(readers, rows) : null;
  };
}

/**
 * The union, with `as` naming the first input in edge order that holds the
 * customer (an input's own column of that name is replaced).
 */
export function evaluatePriority(ctx: EvaluatorContext<PriorityConfig>): NodeEvaluator {
  const union = evaluateUnion(ctx);
  const ids = ctx.inputIds.in;
  const as = ctx.config.as ?? DEFAULT_PRIORITY_COLUMN;
  return (inputs, env) => {
    const row = union(inputs, env);
    if (!isRow(row)) return row;
    return { ...row, [as]: ids[inputs.in.findIndex(isRow)] };
  };
}

export const evaluateExclude = (): NodeEvaluator => ({ in: [row], minus }) => {
  if (!isRow(row)) return row;
  if (minus.some(isRow)) return null;
  return minus.find(isUnknown) ?? row;
};

/** The segment's row: the key first, then the chosen fields (or every column). */
export function evaluateOutput({ config, inputs }: EvaluatorContext<OutputConfig>): NodeEvaluator {
  const input = inputs.in[0];
  const names = outputColumns(config, input.key, input.columns.map((c) => c.name));
  return ({ in: [row] }) => {
    if (!isRow(row)) return row;
    const out: Row = {};
    for (const n of names) out[n] = row[n] ?? null;
    return out;
  };
}
