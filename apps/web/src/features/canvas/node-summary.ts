import { getNodeDefinition } from '@segflow/engine';

/**
 * One line saying what a step does, shown on its card so the graph reads without
 * clicking: each kind says it (`NodeDefinition.summary`); an unknown kind says nothing.
 */
export function summarizeNode(kind: string, config: Record<string, unknown>): string {
  return getNodeDefinition(kind)?.summary?.(config) ?? '';
}
