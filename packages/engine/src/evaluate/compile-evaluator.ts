import type { WorkflowAnalysis } from '../validate/analyze-workflow.ts';
import { portsOf } from '../nodes/define-node.ts';
import type { RankCuts } from './rank-cuts.ts';
import type { EvaluateEnv, NodeEvaluator, NodeResult, RuleTrace } from './types.ts';
import type { Row } from './values.ts';

export interface EvaluatorOptions {
  /** Cut points of global nodes from the last successful run of this version, by node id. */
  cuts?: Readonly<Record<string, RankCuts>>;
  /** Whole tables on broadcast ports (a lookup's table), by node id then port. */
  tables?: Readonly<Record<string, Readonly<Record<string, Row[]>>>>;
}

/** A customer's data: profile rows by source id, event rows by events id (values in the evaluator's form). */
export interface CustomerData {
  profiles: Record<string, Row | null>;
  events: Record<string, Row[]>;
}

export interface CustomerResult {
  /** Every node evaluated for the customer, by id. */
  nodes: Record<string, NodeResult>;
  /** Each output's segment name with the output node's result. */
  segments: Record<string, NodeResult>;
  trace?: RuleTrace[];
}

export interface CompiledEvaluator {
  /** Nodes evaluated per customer, in topological order. */
  order: readonly string[];
  /** Source and events nodes whose rows are the customer's own (not a broadcast table). */
  customerSources: readonly string[];
  evaluate(customer: CustomerData, asOfDay: number, explain?: boolean): CustomerResult;
}

/** Nodes evaluated per customer: every output's ancestors, not passing through broadcast ports (their tables are loaded). */
function perCustomerNodes(analysis: WorkflowAnalysis): Set<string> {
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id)) return;
    keep.add(id);
    const node = analysis.nodes.get(id)!;
    for (const edge of analysis.adjacency.incoming.get(id) ?? [])
      if (!node.definition.inputs[edge.targetPort]?.broadcast) visit(edge.source);
  };
  for (const [id, node] of analysis.nodes) if (node.definition.role === 'output') visit(id);
  return keep;
}

/** A hook's closure; what it cannot compile is reported with the node's label. */
function compileNode(label: string, make: () => NodeEvaluator): NodeEvaluator {
  try {
    return make();
  } catch (e) {
    throw new Error(`"${label}": ${(e as Error).message}`);
  }
}

/**
 * Compiles a validated workflow (no error problems) once into a function over
 * one customer: each node kind's `evaluate` hook makes its closure, and a call
 * only runs closures in topological order. Throws for a kind without the hook.
 */
export function compileEvaluator(analysis: WorkflowAnalysis, options: EvaluatorOptions = {}): CompiledEvaluator {
  const needed = perCustomerNodes(analysis);
  const order = analysis.order.filter((id) => needed.has(id));
  const index = new Map(order.map((id, i) => [id, i]));
  const labels = new Map(analysis.workflow?.nodes.map((n) => [n.id, n.label || n.id]) ?? []);
  const steps = order.map((id) => {
    const node = analysis.nodes.get(id)!;
    const incoming = analysis.adjacency.incoming.get(id) ?? [];
    const ports = portsOf(node.definition).map(([port, spec]) => ({
      port,
      broadcast: spec.broadcast ?? false,
      from: incoming.filter((e) => e.targetPort === port).map((e) => e.source),
    }));
    const label = labels.get(id) ?? id;
    if (!node.definition.evaluate) throw new Error(`"${label}" (${node.definition.kind}) cannot be evaluated one customer at a time yet.`);
    const evaluator: NodeEvaluator = compileNode(label, () => node.definition.evaluate!({
      nodeId: id,
      label,
      config: node.config,
      inputs: Object.fromEntries(ports.map((p) => [p.port, p.from.map((s) => analysis.schemas.get(s)!)])),
      inputIds: Object.fromEntries(ports.map((p) => [p.port, p.from])),
      output: analysis.schemas.get(id)!,
      table: (port) => options.tables?.[id]?.[port],
      cuts: options.cuts?.[id],
    }));
    const live = ports.filter((p) => !p.broadcast).map((p) => ({ port: p.port, from: p.from.map((s) => index.get(s)!) }));
    const segment = node.definition.role === 'output' ? (node.config as { segment: string }).segment : undefined;
    return { id, evaluator, live, segment };
  });
  const customerSources = order.filter((id) => analysis.nodes.get(id)!.definition.scope === 'source');

  return {
    order,
    customerSources,
    evaluate(customer, asOfDay, explain = false) {
      const env: EvaluateEnv = { asOfDay, profiles: customer.profiles, events: customer.events, ...(explain ? { trace: [] } : {}) };
      const results: NodeResult[] = new Array(steps.length);
      const nodes: Record<string, NodeResult> = {};
      const segments: Record<string, NodeResult> = {};
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        const inputs: Record<string, NodeResult[]> = {};
        for (const p of step.live) inputs[p.port] = p.from.map((j) => results[j]);
        const result = step.evaluator(inputs, env);
        results[i] = result;
        nodes[step.id] = result;
        if (step.segment !== undefined) segments[step.segment] = result;
      }
      return { nodes, segments, ...(env.trace ? { trace: env.trace } : {}) };
    },
  };
}
