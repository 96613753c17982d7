import type { Schema } from '../model/column.ts';
import type { Behaviour } from '../conditions/condition.ts';
import { columnTypes } from '../nodes/column-types.ts';
import { compileRowTest } from './condition.ts';
import type { EvaluateEnv } from './types.ts';
import { dayOf, type Row, type Value } from './values.ts';

/** One figure over a customer's events, compiled once. */
export type EventsFigure = (events: readonly Row[], env: EvaluateEnv) => Value;

const SCALE = 1_000_000_000n;
const SCALE_NUMBER = 1e9;

/**
 * Sums numbers as the batch engine does: each value as a DECIMAL(38, 9)
 * (rounded half away from zero at 9 places), added exactly, then read back as
 * a double. So the sum does not depend on the order of the events.
 */
export function exactSum(values: number[]): number {
  // Whole numbers of billionths add exactly in a double while they stay safe
  // integers; BigInt (slow, allocating) takes over only past that.
  let fast = 0;
  let i = 0;
  for (; i < values.length; i++) {
    const scaled = Math.sign(values[i]) * Math.round(Math.abs(values[i]) * SCALE_NUMBER);
    if (!(Math.abs(fast) + Math.abs(scaled) <= Number.MAX_SAFE_INTEGER)) break;
    fast += scaled;
  }
  if (i === values.length) return fast / SCALE_NUMBER;
  let total = BigInt(fast);
  for (; i < values.length; i++) total += BigInt(Math.sign(values[i]) * Math.round(Math.abs(values[i]) * SCALE_NUMBER));
  return Number(total) / SCALE_NUMBER;
}

/** Orders events as `first` / `last` do: by time, ties by every other column (nulls first), so the pick is stable. */
function eventOrder(events: Schema): (a: Row, b: Row) => number {
  const names = [events.timestamp!, ...events.columns.map((c) => c.name).filter((n) => n !== events.timestamp)];
  return (a, b) => {
    for (const n of names) {
      const x = a[n] ?? null;
      const y = b[n] ?? null;
      if (x === y) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return 0;
  };
}

/**
 * An aggregate's figure (or a behaviour rule's: the same settings) for one
 * customer with the batch engine's meaning: only events at or before as-of
 * (and in the window, and matching `where`); count and sum are 0 without
 * events, the other figures null.
 */
export function compileEventsFigure(config: Behaviour, events: Schema, nodeId: string): EventsFigure {
  const ts = events.timestamp!;
  const where = config.where ? compileRowTest(config.where, { types: columnTypes(events), nodeId, traced: false }) : undefined;
  const within = config.withinDays;
  const column = config.column ?? '';
  const integer = events.columns.find((c) => c.name === column)?.type === 'integer';
  const order = eventOrder(events);
  /** Calls `visit` with each event the figure counts; no array per rule (40 rules over 200 events add up). */
  const eachMatching = (rows: readonly Row[], env: EvaluateEnv, visit: (row: Row) => void): void => {
    // Without an explanation running, `where` needs no trace: a copy of env without it keeps the rules quiet.
    const quiet = env.trace ? { ...env, trace: undefined } : env;
    for (const row of rows) {
      const t = row[ts];
      if (t === null || t === undefined) continue;
      const day = dayOf(t as number);
      if (day > env.asOfDay) continue;
      if (within !== undefined && day < env.asOfDay - within) continue;
      if (where && !where(row, quiet)) continue;
      visit(row);
    }
  };
  const matching = (rows: readonly Row[], env: EvaluateEnv): Row[] => {
    const out: Row[] = [];
    eachMatching(rows, env, (row) => out.push(row));
    return out;
  };
  /** The non-null values of the column over the matching events, folded from `start`. */
  const fold = <T,>(rows: readonly Row[], env: EvaluateEnv, start: T, step: (acc: T, value: Value) => T): T => {
    let acc = start;
    eachMatching(rows, env, (row) => {
      const v = row[column] ?? null;
      if (v !== null) acc = step(acc, v);
    });
    return acc;
  };
  const values = (rows: Row[]) => rows.map((r) => r[column] ?? null).filter((v) => v !== null);
  const days = (rows: Row[]) => rows.map((r) => dayOf(r[ts] as number));
  switch (config.fn) {
    case 'count': return (rows, env) => {
      let n = 0;
      eachMatching(rows, env, () => n++);
      return n;
    };
    case 'sum': return integer
      ? (rows, env) => fold(rows, env, 0, (a, v) => a + (v as number))
      : (rows, env) => exactSum(fold<number[]>(rows, env, [], (vs, v) => (vs.push(v as number), vs)));
    case 'avg': return (rows, env) => {
      const vs = values(matching(rows, env)) as number[];
      return vs.length ? (integer ? vs.reduce((a, b) => a + b, 0) : exactSum(vs)) / vs.length : null;
    };
    case 'min': return (rows, env) => fold<Value>(rows, env, null, (m, v) => (m === null || v! < m ? v : m));
    case 'max': return (rows, env) => fold<Value>(rows, env, null, (m, v) => (m === null || v! > m ? v : m));
    case 'first': return (rows, env) => {
      const m = matching(rows, env);
      return m.length ? m.reduce((a, b) => (order(b, a) < 0 ? b : a))[column] ?? null : null;
    };
    case 'last': return (rows, env) => {
      const m = matching(rows, env);
      return m.length ? m.reduce((a, b) => (order(b, a) > 0 ? b : a))[column] ?? null : null;
    };
    case 'days_since_last': return (rows, env) => {
      const d = days(matching(rows, env));
      return d.length ? env.asOfDay - Math.max(...d) : null;
    };
    case 'days_since_first': return (rows, env) => {
      const d = days(matching(rows, env));
      return d.length ? env.asOfDay - Math.min(...d) : null;
    };
  }
}
