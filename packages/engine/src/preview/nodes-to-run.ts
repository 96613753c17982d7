import type { WorkflowAnalysis } from '../validate/index.ts';

export interface RunNeeds {
  /** The node's count is known (by its content, or by what decides its customers). */
  counted(id: string): boolean;
  /** The node makes a table its readers read (not inlined into them). */
  stored(id: string): boolean;
  /** The node's table is there from before (or it is a source, read already). */
  hasTable(id: string): boolean;
  /** Readers of the node may read what lies above it instead of (or besides) its table (duckdb/fused-filters.ts). */
  readThrough(id: string): boolean;
}

/**
 * The nodes a preview runs: those whose count is not known, and the stored
 * nodes whose tables something that runs reads (directly or through nodes
 * inlined into it) when the cache no longer holds them. A node whose count
 * is known is not run for its table alone when nothing that runs reads it.
 */
export function nodesToRun(analysis: Pick<WorkflowAnalysis, 'adjacency'>, order: readonly string[], needs: RunNeeds): Set<string> {
  const run = new Set(order.filter((id) => !needs.counted(id)));
  const pending = [...run];
  while (pending.length) {
    for (const table of tablesRead(analysis, pending.pop()!, needs))
      if (!run.has(table) && !needs.hasTable(table)) (run.add(table), pending.push(table));
  }
  return run;
}

/** The stored nodes whose tables a step of `id` reads, looking through the inlined ones. */
function tablesRead(analysis: Pick<WorkflowAnalysis, 'adjacency'>, id: string, needs: RunNeeds): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const stack = (analysis.adjacency.incoming.get(id) ?? []).map((e) => e.source);
  while (stack.length) {
    const source = stack.pop()!;
    if (seen.has(source)) continue;
    seen.add(source);
    if (needs.stored(source)) found.add(source);
    if (!needs.stored(source) || needs.readThrough(source)) stack.push(...(analysis.adjacency.incoming.get(source) ?? []).map((e) => e.source));
  }
  return found;
}
