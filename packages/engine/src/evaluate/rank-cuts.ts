import type { Value } from './values.ts';

/**
 * What a run records of a rank node so that one customer can be ranked later
 * without every customer: per group (the `partitionBy` value as JSON, or ""),
 * the number of ranked values and cut points.
 * - percent_rank: the distinct values in ranking order, each with how many
 *   values come strictly before it. With more than MAX_CUT_POINTS distinct
 *   values, an even sample of them (`exact: false`: ranks are then within one
 *   sample step of the batch's).
 * - ntile: the first (value, key) of every bucket after the first.
 * Values are in the evaluator's form (dates and timestamps as UTC ms).
 */
export interface RankCuts {
  fn: 'percent_rank' | 'ntile';
  descending: boolean;
  exact: boolean;
  groups: Record<string, RankGroupCuts>;
}

export interface RankGroupCuts {
  n: number;
  /** percent_rank: [value, values before it]; ntile: [value, key] starting buckets 2, 3, … */
  points: [Value, Value][];
}

export const MAX_CUT_POINTS = 10_000;

export const groupKey = (value: Value | undefined) => (value === undefined ? '' : JSON.stringify(value));

/** `a` before `b` in ranking order (ascending, or descending). */
const before = (a: Value, b: Value, descending: boolean) => (descending ? a! > b! : a! < b!);

/** First index whose point is not before `value` (binary search over the ordered points). */
function firstNotBefore(points: [Value, Value][], value: Value, descending: boolean, tieKey?: Value): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const [v, k] = points[mid];
    const isBefore = before(v, value, descending) || (tieKey !== undefined && v === value && k! <= tieKey!);
    if (isBefore) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A customer's rank from the cut points, as SQL's PERCENT_RANK / NTILE would
 * give it over the recorded population: null for a null value. A group the
 * run never saw ranks the customer alone (percent_rank 0, bucket 1).
 */
export function rankFromCuts(cuts: RankCuts, value: Value, key: Value, group: Value | undefined): Value {
  if (value === null) return null;
  const g = cuts.groups[groupKey(group)];
  if (!g || g.n === 0) return cuts.fn === 'ntile' ? 1 : 0;
  if (cuts.fn === 'ntile') return 1 + firstNotBefore(g.points, value, cuts.descending, key);
  if (g.n === 1) return 0;
  const i = firstNotBefore(g.points, value, cuts.descending);
  const countBefore = i < g.points.length ? (g.points[i][1] as number) : g.n;
  return countBefore / (g.n - 1);
}
