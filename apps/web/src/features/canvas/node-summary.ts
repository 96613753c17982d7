import { describePath, getNodeDefinition, type DescribableDocument } from '@segflow/engine';

/**
 * One line saying what a step does, shown on its card so the graph reads without
 * clicking: each kind says it (`NodeDefinition.summary`); an unknown kind says nothing.
 */
export function summarizeNode(kind: string, config: Record<string, unknown>): string {
  return getNodeDefinition(kind)?.summary?.(config) ?? '';
}

/**
 * Who a filter or an output holds, in one sentence read along its whole path: the
 * card's tooltip, where the one-line summary has no room for it. Other kinds: undefined.
 */
export function nodeWords(kind: string, document: DescribableDocument, nodeId: string): string | undefined {
  return kind === 'filter' || kind === 'output' ? `${describePath(document, nodeId)}.` : undefined;
}
