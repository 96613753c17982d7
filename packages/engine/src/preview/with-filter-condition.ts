import { conditionGroupSchema, type ConditionGroup } from '../conditions/condition.ts';

interface LooseDocument {
  nodes?: { id?: unknown; kind?: unknown; config?: { condition?: unknown } }[];
  edges?: { source?: unknown; target?: unknown; targetPort?: unknown }[];
}

/**
 * A filter's condition in a document being edited, and a way to get the same
 * document with another condition in its place. Null when the node is not a
 * filter with a well-formed condition.
 */
export function withFilterCondition(document: unknown, nodeId: string) {
  const doc = document as LooseDocument;
  const node = doc?.nodes?.find((n) => n?.id === nodeId);
  if (!node || node.kind !== 'filter') return null;
  const parsed = conditionGroupSchema.safeParse(node.config?.condition);
  if (!parsed.success) return null;
  const inputId = doc.edges?.find((e) => e?.target === nodeId && (e.targetPort ?? 'in') === 'in')?.source;
  return {
    group: parsed.data as ConditionGroup,
    inputId: typeof inputId === 'string' ? inputId : undefined,
    replace: (condition: ConditionGroup): unknown => ({
      ...doc,
      nodes: doc.nodes!.map((n) => (n === node ? { ...n, config: { ...n.config, condition } } : n)),
    }),
  };
}
