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
  const sum = new ExactSum();
  for (const v of values) sum.add(v);
  return sum.total();
}

/**
 * `exactSum` one value at a time, with the same result for the same values
 * in the same order: a rule summing a customer's events keeps no array of
 * them. A class, not an object of closures: tsx names every closure made
 * (keepNames), which would cost more than the sum per rule and customer.
 */
class ExactSum {
  // Whole numbers of billionths add exactly in a double while they stay safe
  // integers; BigInt (slow, allocating) takes over only past that.
  private fast = 0;
  private big: bigint | undefined = undefined;

  add(value: number): void {
    const scaled = Math.sign(value) * Math.round(Math.abs(value) * SCALE_NUMBER);
    if (this.big === undefined && Math.abs(this.fast) + Math.abs(scaled) <= Number.MAX_SAFE_INTEGER) this.fast += scaled;
    else this.big = (this.big ?? BigInt(this.fast)) + BigInt(scaled);
  }

  total(): number {
    return (this.big === undefined ? this.fast : Number(this.big)) / SCALE_NUMBER;
  }
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
  /** Whether the figure counts an event: at or before as-of, in the window, matching `where`. */
  const counts = (row: Row, env: EvaluateEnv, quiet: EvaluateEnv): boolean => {
    const t = row[ts];
    if (t === null || t === undefined) return false;
    const day = dayOf(t as number);
    if (day > env.asOfDay) return false;
    if (within !== undefined && day < env.asOfDay - within) return false;
    return !where || where(row, quiet);
  };
  // Without an explanation running, `where` needs no trace: a copy of env without it keeps the rules quiet.
  const quietOf = (env: EvaluateEnv) => (env.trace ? { ...env, trace: undefined } : env);
  const matching = (rows: readonly Row[], env: EvaluateEnv): Row[] => {
    const quiet = quietOf(env);
    const out: Row[] = [];
    for (const row of rows) if (counts(row, env, quiet)) out.push(row);
    return out;
  };
  const values = (rows: Row[]) => rows.map((r) => r[column] ?? null).filter((v) => v !== null);
  const days = (rows: Row[]) => rows.map((r) => dayOf(r[ts] as number));
  // count, sum, min and max are each one loop with no array and no callback per event (40 rules over 200 events add up).
  switch (config.fn) {
    case 'count': return (rows, env) => {
      const quiet = quietOf(env);
      let n = 0;
      for (const row of rows) if (counts(row, env, quiet)) n++;
      return n;
    };
    case 'sum': return integer
      ? (rows, env) => {
        const quiet = quietOf(env);
        let total = 0;
        for (const row of rows) {
          const v = row[column] ?? null;
          if (v !== null && counts(row, env, quiet)) total += v as number;
        }
        return total;
      }
      : (rows, env) => {
        const quiet = quietOf(env);
        const sum = new ExactSum();
        for (const row of rows) {
          const v = row[column] ?? null;
          if (v !== null && counts(row, env, quiet)) sum.add(v as number);
        }
        return sum.total();
      };
    case 'avg': return (rows, env) => {
      const vs = values(matching(rows, env)) as number[];
      return vs.length ? (integer ? vs.reduce((a, b) => a + b, 0) : exactSum(vs)) / vs.length : null;
    };
    case 'min': return (rows, env) => {
      const quiet = quietOf(env);
      let m: Value = null;
      for (const row of rows) {
        const v = row[column] ?? null;
        if (v !== null && (m === null || v < m) && counts(row, env, quiet)) m = v;
      }
      return m;
    };
    case 'max': return (rows, env) => {
      const quiet = quietOf(env);
      let m: Value = null;
      for (const row of rows) {
        const v = row[column] ?? null;
        if (v !== null && (m === null || v > m) && counts(row, env, quiet)) m = v;
      }
      return m;
    };
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
