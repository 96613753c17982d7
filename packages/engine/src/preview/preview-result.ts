import type { Problem } from '../model/problem.ts';

/** A node's row count: exact, or an estimate from a sample with its error bound. */
export interface NodeCount {
  rows: number;
  exact: boolean;
  /** For estimates: ± this many rows (about 95% confidence). */
  bound?: number;
}

export interface PreviewResult {
  counts: Record<string, NodeCount>;
  problems: Problem[];
  /** Node ids computed for this preview; the others came from the cache. */
  computed: string[];
}

/** The first customers at a node, with the columns there. */
export interface MemberRows {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}

/** Per top-level rule of a filter: how many customers pass it alone and how many remain after it (null: not computable). */
export interface RuleCounts {
  /** Customers arriving at the filter. */
  input: number | null;
  rules: { index: number; id?: string; alone: number | null; remaining: number | null }[];
}
