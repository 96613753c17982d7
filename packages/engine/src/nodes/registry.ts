import type { NodeDefinition, NodeRole } from './define-node.ts';
import { sourceNode } from './source.node.ts';
import { eventsNode } from './events.node.ts';
import { filterNode } from './filter.node.ts';
import { aggregateNode } from './aggregate.node.ts';
import { computeNode } from './compute.node.ts';
import { rankNode } from './rank.node.ts';
import { lookupNode } from './lookup.node.ts';
import { intersectNode } from './intersect.node.ts';
import { unionNode } from './union.node.ts';
import { excludeNode } from './exclude.node.ts';
import { outputNode } from './output.node.ts';
import { splitNode } from './split.node.ts';
import { priorityNode } from './priority.node.ts';

/**
 * Every node kind, in palette order. The web, the server and the engine all read this.
 * Each kind's definition keeps its own settings' type; the list holds them as checked settings.
 */
export const NODE_DEFINITIONS: readonly NodeDefinition<Record<string, unknown>>[] = [
  sourceNode, eventsNode, filterNode, aggregateNode, computeNode, rankNode, lookupNode,
  splitNode, intersectNode, unionNode, priorityNode, excludeNode, outputNode,
];

export const NODE_ROLES: readonly NodeRole[] = ['ingestion', 'rule', 'enrichment', 'combine', 'output'];

const byKind = new Map(NODE_DEFINITIONS.map((d) => [d.kind, d]));

export function getNodeDefinition(kind: string): NodeDefinition<Record<string, unknown>> | undefined {
  return byKind.get(kind);
}
