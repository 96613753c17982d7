import { breakdown, getNodeDefinition, overlap, type Breakdown, type NodesWork } from '@segflow/engine/node';
import type { OverlapView } from '@segflow/contract';
import { HttpError, notFound } from '../http/errors.ts';

interface DocumentNode {
  id?: unknown;
  kind?: unknown;
  label?: unknown;
}

const nodesOf = (document: unknown): DocumentNode[] => (document as { nodes?: DocumentNode[] })?.nodes ?? [];

/** What a person calls a step: its label, else its kind's name. */
export function stepName(document: unknown, nodeId: string): string {
  const node = nodesOf(document).find((n) => n?.id === nodeId);
  if (typeof node?.label === 'string' && node.label.trim()) return node.label;
  return (typeof node?.kind === 'string' && getNodeDefinition(node.kind)?.label) || nodeId;
}

const notComputed = (document: unknown, nodeId: string) =>
  new HttpError(422, 'invalid_request', `“${stepName(document, nodeId)}” cannot be computed yet: fix its problems first.`);

/** Whole nodes of a draft's preview; a newer request under the same `kind` replaces this one. */
export type ReadNodes = <T>(workflowId: string, kind: string, document: unknown, nodeIds: readonly string[], work: NodesWork<T>, options: { asOf?: string }, clientGone: AbortSignal) => Promise<T>;

/** Insight on a draft's steps, computed on the preview's results (previewService's breakdown and overlap). */
export function insightService(readNodes: ReadNodes) {
  return {
    breakdown(workflowId: string, document: unknown, nodeId: string, column: string, options: { asOf?: string }, clientGone: AbortSignal): Promise<Breakdown> {
      return readNodes(workflowId, `breakdown:${nodeId}:${column}`, document, [nodeId], async (connection, nodes) => {
        const node = nodes.get(nodeId);
        if (!node) throw notComputed(document, nodeId);
        const found = node.schema.columns.find((c) => c.name === column);
        if (!found) throw notFound(`Column “${column}” at “${stepName(document, nodeId)}”`);
        return breakdown(connection, node.relation, found);
      }, options, clientGone);
    },

    overlap(workflowId: string, document: unknown, nodeIds: string[], options: { asOf?: string }, clientGone: AbortSignal): Promise<OverlapView> {
      return readNodes(workflowId, 'overlap', document, nodeIds, async (connection, nodes) => {
        const sets = nodeIds.map((id) => {
          const node = nodes.get(id);
          if (!node) throw notComputed(document, id);
          if (node.schema.kind !== 'population') throw new HttpError(422, 'invalid_request', `“${stepName(document, id)}” holds events, not customers: compare steps of customers.`);
          return { relation: node.relation, key: node.schema.key };
        });
        const result = await overlap(connection, sets);
        return {
          nodes: nodeIds.map((id, i) => ({ id, label: stepName(document, id), size: result.sizes[i] })),
          regions: result.regions,
          total: result.total,
        };
      }, options, clientGone);
    },
  };
}
