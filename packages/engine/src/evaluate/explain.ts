import type { WorkflowAnalysis } from '../validate/analyze-workflow.ts';
import type { CustomerResult } from './compile-evaluator.ts';
import { membership } from './customer-input.ts';
import { isUnknown } from './types.ts';

export interface NodeExplanation {
  label: string;
  kind: string;
  /** In (true), out (false), or unknown (null, with `reason`). */
  in: boolean | null;
  reason?: string;
  /** Each rule of a filter: the customer's value, whether it passed, and a sentence. */
  rules: { text: string; value: unknown; passed: boolean }[];
}

export interface Explanation {
  segments: Record<string, boolean | null>;
  nodes: Record<string, NodeExplanation>;
}

/** Why a customer is in or out of every node: a result evaluated with `explain` set. */
export function explainCustomer(result: CustomerResult, analysis: WorkflowAnalysis): Explanation {
  const labels = new Map(analysis.workflow?.nodes.map((n) => [n.id, n.label || n.id]) ?? []);
  const nodes: Record<string, NodeExplanation> = {};
  for (const [id, r] of Object.entries(result.nodes)) {
    const node = analysis.nodes.get(id)!;
    if (analysis.schemas.get(id)?.kind === 'events') continue;
    const rules = (result.trace ?? []).filter((t) => t.nodeId === id).map((t) => ({ text: t.text, value: t.value, passed: t.passed }));
    nodes[id] = { label: labels.get(id) ?? id, kind: node.definition.kind, in: membership(r), ...(isUnknown(r) ? { reason: r.reason } : {}), rules };
  }
  const segments = Object.fromEntries(Object.entries(result.segments).map(([name, r]) => [name, membership(r)]));
  return { segments, nodes };
}
