import { z } from 'zod';
import { findColumn, keyType, type Column, type Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { ident, join, sql, type Sql } from '../sql/sql.ts';
import type { CompileContext, InferContext, InferResult, Relation } from './define-node.ts';
import type { FieldDescriptor } from './fields.ts';

/** Shared by intersect and union: how two different columns of one name are resolved. */
export const combineConfig = z.strictObject({ conflict: z.enum(['first', 'last', 'error']).optional() });
export type CombineConfig = z.infer<typeof combineConfig>;

/** Checks that every input's key has the first input's key type. */
export function checkKeys(inputs: Schema[], nodeId: string): Problem[] {
  const first = keyType(inputs[0]);
  const problems: Problem[] = [];
  for (let i = 1; i < inputs.length; i++) {
    const s = inputs[i];
    if (keyType(s) !== first) problems.push(error('type_mismatch', `Keys do not match: ${first} and ${keyType(s)}.`, { nodeId, field: s.key }));
  }
  return problems;
}

/** Where each output column comes from: the inputs (by index) that carry a column of its name. */
interface CombinedColumn {
  column: Column;
  carriers: readonly number[];
}

/**
 * Every input's columns by name. The same column (same name and origin) along
 * several paths is one column; different columns of one name are a conflict.
 */
export function combineColumns(inputs: Schema[], nodeId: string, conflict: CombineConfig['conflict']): { columns: CombinedColumn[]; problems: Problem[] } {
  const merged = mergeColumns(inputs, nodeId, conflict, true);
  return { columns: [...merged.byName.values()], problems: merged.problems };
}

/**
 * The same columns and problems without where each comes from: inference needs
 * only the columns, and a list of carriers per column of every union and
 * intersect was a seventh of what validation allocated.
 */
function combinedSchemaColumns(inputs: Schema[], nodeId: string, conflict: CombineConfig['conflict']): { columns: Column[]; problems: Problem[] } {
  const merged = mergeColumns(inputs, nodeId, conflict, false);
  const columns: Column[] = [];
  for (const entry of merged.byName.values()) columns.push(entry.column);
  return { columns, problems: merged.problems };
}

function mergeColumns(inputs: Schema[], nodeId: string, conflict: CombineConfig['conflict'], tracked: boolean): ColumnMerge {
  const merge = new ColumnMerge(findColumn(inputs[0], inputs[0].key)!, nodeId, conflict, tracked);
  // Plain loops, not a closure per input: validation runs this for every union and intersect.
  for (let i = 0; i < inputs.length; i++) {
    const schema = inputs[i];
    for (const column of schema.columns) if (column.name !== schema.key) merge.add(column, i);
  }
  return merge;
}

/** The carriers of every column when they are not tracked: one list for all, never written to (see `carry`). */
const UNTRACKED: readonly number[] = Object.freeze([]);

/** The columns met so far by name, the first input's key first; with their carriers when `tracked`. */
class ColumnMerge {
  readonly byName = new Map<string, CombinedColumn>();
  readonly problems: Problem[] = [];
  private readonly keyEntry: CombinedColumn;

  constructor(
    key: Column,
    private readonly nodeId: string,
    private readonly conflict: CombineConfig['conflict'],
    private readonly tracked: boolean,
  ) {
    this.keyEntry = { column: key, carriers: [] };
    this.byName.set(key.name, this.keyEntry);
  }

  /** One input's column into the combined ones: new, the same column again, or a conflict resolved by `conflict`. */
  add(column: Column, i: number): void {
    const { nodeId, problems } = this;
    const seen = this.byName.get(column.name);
    if (!seen) this.byName.set(column.name, { column, carriers: this.tracked ? [i] : UNTRACKED });
    else if (seen === this.keyEntry) problems.push(error('field_conflict', `"${column.name}" is the key column here.`, { nodeId, field: column.name }));
    else if (seen.column.origin === column.origin) this.carry(seen, i);
    else if ((this.conflict ?? 'error') === 'error') {
      problems.push(error('field_conflict', `Two different columns are called "${column.name}": set how to resolve it.`, { nodeId, field: column.name }));
      this.carry(seen, i);
    } else {
      this.carry(seen, i);
      seen.column = { ...seen.column, type: seen.column.type === column.type ? column.type : seen.column.type, origin: nodeId };
      if (seen.column.type !== column.type)
        problems.push(error('type_mismatch', `"${column.name}" is ${seen.column.type} in one input and ${column.type} in another.`, { nodeId, field: column.name }));
    }
  }

  /** Input `i` carries the column too. A new list of its own size: a push would reserve room for sixteen. */
  private carry(seen: CombinedColumn, i: number): void {
    if (this.tracked) seen.carriers = seen.carriers.concat(i);
  }
}

export function inferCombine(ctx: InferContext<CombineConfig>, port = 'in'): InferResult {
  const inputs = ctx.inputs[port];
  const { columns, problems } = combinedSchemaColumns(inputs, ctx.nodeId, ctx.config.conflict);
  const keyProblems = checkKeys(inputs, ctx.nodeId);
  return { schema: { kind: 'population', key: inputs[0].key, columns }, problems: keyProblems.length ? [...keyProblems, ...problems] : problems };
}

const alias = (i: number) => ident(`t${i}`);
const keyOf = (r: Relation, i: number) => sql`${alias(i)}.${ident(r.schema.key)}`;

/** Each output column's value: from the first input holding the customer (or, with conflict `last`, the last). */
function combinedColumns(ctx: CompileContext<CombineConfig>, key: Sql, everyInputHolds: boolean): Sql {
  const inputs = ctx.inputs.in;
  const { columns } = combineColumns(inputs.map((r) => r.schema), ctx.nodeId, ctx.config.conflict);
  return join(columns.map(({ column, carriers }) => {
    if (carriers.length === 0) return sql`${key} AS ${ident(column.name)}`;
    const order = ctx.config.conflict === 'last' ? [...carriers].reverse() : carriers;
    // When every input holds every customer, the first carrier always has the value.
    const value = order.length === 1 || everyInputHolds
      ? sql`${alias(order[0])}.${ident(column.name)}`
      : sql`CASE ${join(order.map((i) => sql`WHEN ${keyOf(inputs[i], i)} IS NOT NULL THEN ${alias(i)}.${ident(column.name)}`), ' ')} END`;
    return sql`${value} AS ${ident(column.name)}`;
  }), ', ');
}

/** Customers in every input: the first input joined to each of the others. */
export function intersectSql(ctx: CompileContext<CombineConfig>): Sql {
  const [first, ...others] = ctx.inputs.in;
  const joins = others.map((r, i) => sql`JOIN ${r.from} AS ${alias(i + 1)} ON ${keyOf(r, i + 1)} = ${keyOf(first, 0)}`);
  return sql`SELECT ${combinedColumns(ctx, keyOf(first, 0), true)} FROM ${first.from} AS ${alias(0)} ${join(joins, ' ')}`;
}

/**
 * Customers in any input: the inputs full-joined on the key, each read once.
 * `extra` adds one more column, computed from each input's key column (null
 * where that input lacks the customer).
 */
export function unionSql(ctx: CompileContext<CombineConfig>, extra?: (inputKeys: Sql[]) => Sql): Sql {
  const inputs = ctx.inputs.in;
  const keySoFar = (n: number) => (n === 1 ? keyOf(inputs[0], 0) : sql`COALESCE(${join(inputs.slice(0, n).map(keyOf), ', ')})`);
  const joins = inputs.slice(1).map((r, i) => sql`FULL JOIN ${r.from} AS ${alias(i + 1)} ON ${keyOf(r, i + 1)} = ${keySoFar(i + 1)}`);
  const more = extra ? sql`, ${extra(inputs.map(keyOf))}` : sql``;
  return sql`SELECT ${combinedColumns(ctx, keySoFar(inputs.length), false)}${more} FROM ${inputs[0].from} AS ${alias(0)} ${join(joins, ' ')}`;
}

/** `combineConditions` of intersect (every input's condition) and union (any input's). */
export const allConditions = (conditions: Record<string, Sql[]>) => sql`(${join(conditions.in, ' AND ')})`;
export const anyCondition = (conditions: Record<string, Sql[]>) => sql`(${join(conditions.in, ' OR ')})`;

/** What intersect and union share: their one many-input port, settings and columns. */
/** Which inputs to connect, in a sentence: all a combine kind without settings shows. */
export const portsHint: FieldDescriptor = { label: 'Inputs', widget: 'ports-hint' };

/** `conflict` in the inspector. */
export const combineConflictField: FieldDescriptor = {
  key: 'conflict', label: 'When two inputs have different columns of the same name', name: 'Conflict', widget: 'select',
  help: 'Input order is the order you connected them in.', emptyLabel: 'report it as a problem',
  options: [{ value: 'first', label: 'take the first input’s value' }, { value: 'last', label: 'take the last input’s value' }],
};

export const combineKindBase = {
  fields: [portsHint, combineConflictField],
  role: 'combine',
  scope: 'row',
  inputs: { in: { accepts: 'population', many: true, min: 2, label: 'Segments' } },
  output: 'population',
  config: combineConfig,
  defaultConfig: () => ({}),
  infer: (ctx: InferContext<CombineConfig>) => inferCombine(ctx),
  // Each input gives the needed columns it carries (the run keeps only those it has).
  columnsNeeded: (_config: CombineConfig, _port: string, downstream: ReadonlySet<string>) => downstream,
} as const;
