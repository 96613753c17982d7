import { md5Hex } from './md5.ts';

/**
 * How the split node gives every customer a group, the same function in
 * TypeScript (one customer, in real time) as in DuckDB SQL (`splitGroupSql`):
 * bucket = first 8 hex digits of md5(seed + ":" + key) mod 10000, and the
 * groups take consecutive bucket ranges in their order.
 */
export const SPLIT_BUCKETS = 10_000;

export interface SplitGroup {
  name: string;
  percent: number;
}

/** A key's text: integers in decimal, strings as they are. */
export const splitKeyText = (key: string | number | bigint) => (typeof key === 'string' ? key : key.toString());

export function splitBucket(seed: string, key: string | number | bigint): number {
  return parseInt(md5Hex(`${seed}:${splitKeyText(key)}`).slice(0, 8), 16) % SPLIT_BUCKETS;
}

/** A percent with at most two decimals as a whole number of buckets (12.5% → 1250). */
export const bucketsOf = (percent: number) => Math.round(percent * 100);

/** The exclusive upper bucket of each group, in order: the last is 10000 when the percents sum to 100. */
export function groupBounds(groups: readonly SplitGroup[]): number[] {
  let end = 0;
  return groups.map((g) => (end += bucketsOf(g.percent)));
}

export function splitGroup(seed: string, groups: readonly SplitGroup[], key: string | number | bigint): string {
  const bucket = splitBucket(seed, key);
  const bounds = groupBounds(groups);
  const index = bounds.findIndex((end) => bucket < end);
  return groups[index === -1 ? groups.length - 1 : index].name;
}
