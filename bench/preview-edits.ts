import type { WorkflowInput } from '../packages/engine/src/node.ts';
import { withConfig } from './reference-workflow.ts';

type Config = Record<string, unknown>;
type Rule = { field?: string; operator?: string; value?: unknown };

/** One edit an editor would make to a node of this kind, different for each `round` so it is never a cache hit. */
function editConfig(kind: string, config: Config, round: number): Config | undefined {
  switch (kind) {
    case 'aggregate': {
      // A window shortened (90 -> 60 days), or a window added to an aggregate without one.
      const days = typeof config.withinDays === 'number' ? Math.max(1, config.withinDays - 30 + round) : 730 + round;
      return { ...config, withinDays: days };
    }
    case 'compute':
      return { ...config, formula: `(${String(config.formula)}) * ${1 + (round + 1) / 100}` };
    case 'rank':
      return config.fn === 'ntile' ? { ...config, buckets: Number(config.buckets ?? 10) - 2 + round } : { ...config, descending: !config.descending };
    case 'filter': {
      const condition = config.condition as { combinator: string; not?: boolean; rules: Rule[] };
      const i = condition.rules.findIndex((r) => typeof r.value === 'number');
      // A threshold moved. A filter without a number rule switches between all and any of its rules, or
      // negates them, or both: a different condition in each of three rounds.
      if (i < 0) {
        const flipped = { ...condition, combinator: condition.combinator === 'and' ? 'or' : 'and' };
        return { ...config, condition: [flipped, { ...condition, not: !condition.not }, { ...flipped, not: !condition.not }][round % 3] };
      }
      const rules = condition.rules.map((r, j) => (j === i ? { ...r, value: (r.value as number) + (Number.isInteger(r.value) ? 1 + round : 0.01 * (1 + round)) } : r));
      return { ...config, condition: { ...condition, rules } };
    }
    case 'lookup':
      return { ...config, conflict: round % 2 ? 'keep_lookup' : 'keep_in' };
    case 'split': {
      // The first group's share moved by a point (a holdout of 10% becoming 11%), the last group taking the difference.
      const groups = config.groups as { name: string; percent: number }[];
      const step = 1 + (round % 5);
      return { ...config, groups: groups.map((g, i) => (i === 0 ? { ...g, percent: g.percent + step } : i === groups.length - 1 ? { ...g, percent: g.percent - step } : g)) };
    }
    case 'priority':
      return { ...config, conflict: round % 2 ? 'first' : 'last' };
    case 'output':
      return { ...config, segment: `${String(config.segment)}_${round + 1}` };
    default:
      return undefined; // sources, union, intersect, exclude: nothing to set
  }
}

export interface NodeEdit {
  nodeId: string;
  kind: string;
  document: WorkflowInput;
}

/** A one-node edit of every node that has a setting to change, in document order. */
export function everyNodeEdit(document: WorkflowInput, round: number): NodeEdit[] {
  const edits: NodeEdit[] = [];
  for (const node of document.nodes) {
    const changed = editConfig(node.kind, (node.config ?? {}) as Config, round);
    if (changed) edits.push({ nodeId: node.id, kind: node.kind, document: withConfig(document, node.id, () => changed) });
  }
  return edits;
}

/** Nodes downstream of `nodeId` (itself excluded). */
export function downstreamOf(document: WorkflowInput, nodeId: string): Set<string> {
  const found = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    for (const e of document.edges ?? []) if (e.source === id && !found.has(e.target)) (found.add(e.target), stack.push(e.target));
  }
  return found;
}

/**
 * A rule edit "below the last aggregate": the node is a filter and nothing
 * downstream of it summarises events (an aggregate, or a filter on behaviour
 * or sequence rules, which takes the aggregate's settings; its own threshold
 * edits are rule edits).
 */
export function ruleBelowLastAggregate(document: WorkflowInput, nodeId: string): boolean {
  const kinds = new Map(document.nodes.map((n) => [n.id, n.kind]));
  if (kinds.get(nodeId) !== 'filter') return false;
  const readsEvents = new Set((document.edges ?? []).filter((e) => e.targetPort === 'events').map((e) => e.target));
  return ![...downstreamOf(document, nodeId)].some((id) => kinds.get(id) === 'aggregate' || readsEvents.has(id));
}
