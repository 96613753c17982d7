import type { RunPlan } from '../plan/index.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';

/**
 * Nodes that only add summary values (aggregates: `eventSummary.value`) in a
 * row over the same events, each the only reader of the one before, are
 * computed in one pass by the last (`chains`: last node → the chain in
 * order). The others (`folded`) make no table; their row count is their
 * customers' count, since such a node keeps every customer.
 */
export interface AggregateChains {
  chains: Map<string, string[]>;
  folded: Set<string>;
  /** First node of the chain each member belongs to. */
  headOf: Map<string, string>;
}

const inputOf = (a: Pick<WorkflowAnalysis, 'adjacency'>, id: string, port: string) =>
  (a.adjacency.incoming.get(id) ?? []).find((e) => e.targetPort === port)?.source;

export function aggregateChains(analysis: Pick<WorkflowAnalysis, 'order' | 'nodes' | 'adjacency'>, plan: Pick<RunPlan, 'partitioned'>): AggregateChains {
  const isAggregate = (id: string) => Boolean(analysis.nodes.get(id)?.definition.eventSummary?.value);
  const chains = new Map<string, string[]>();
  const folded = new Set<string>();
  const headOf = new Map<string, string>();
  for (const id of analysis.order) {
    if (!isAggregate(id)) continue;
    const previous = inputOf(analysis, id, 'in');
    const readers = previous ? analysis.adjacency.outgoing.get(previous) ?? [] : [];
    const fusable = previous !== undefined && isAggregate(previous) && chains.has(previous) &&
      readers.length === 1 && readers[0].targetPort === 'in' &&
      inputOf(analysis, previous, 'events') === inputOf(analysis, id, 'events') &&
      plan.partitioned[previous] === plan.partitioned[id];
    if (fusable) {
      const chain = [...chains.get(previous)!, id];
      chains.delete(previous);
      folded.add(previous);
      chains.set(id, chain);
      headOf.set(id, chain[0]);
    } else {
      chains.set(id, [id]);
      headOf.set(id, id);
    }
  }
  return { chains, folded, headOf };
}

export { inputOf };
