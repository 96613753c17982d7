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
