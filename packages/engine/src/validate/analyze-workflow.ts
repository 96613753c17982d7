import { buildAdjacency, findCycles, topologicalOrder, type Adjacency } from '../graph/index.ts';
import type { Schema } from '../model/column.ts';
import { edgeId, type Workflow, type WorkflowEdge } from '../model/document.ts';
import { parseWorkflow } from '../model/parse-workflow.ts';
import { configProblems } from './config-problems.ts';
import { error, type Problem } from '../model/problem.ts';
import { getNodeDefinition } from '../nodes/registry.ts';
import { portsOf, type InferResult, type NodeDefinition } from '../nodes/define-node.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { checkEdges } from './check-edges.ts';
import { checkOutputs } from './check-outputs.ts';
import { checkSourcePlaces } from './check-source-places.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';

export interface AnalyzeOptions {
  /** What each source node's file holds, by node id. Without it, columns are unknown. */
  sources?: Readonly<Record<string, SourceFacts>>;
  /** Addresses webhooks may reach besides public ones. */
  addressAllowList?: AddressAllowList;
}

/** A node ready to run: its definition and its parsed config. */
export interface AnalyzedNode {
  id: string;
  definition: NodeDefinition<Record<string, unknown>>;
  config: Record<string, unknown>;
}

export interface WorkflowAnalysis {
  workflow?: Workflow;
  problems: Problem[];
  /** Output columns of every node whose output is known. */
  schemas: Map<string, Schema>;
  /** Nodes with a known kind and valid config, by id. */
  nodes: Map<string, AnalyzedNode>;
  /** Edges that join existing nodes through existing ports, in document order. */
  adjacency: Adjacency;
  /** Topological order of the nodes not on or behind a cycle. */
  order: string[];
}

const EMPTY: Adjacency = buildAdjacency([], []);

/**
 * Validates a document and infers every node's columns, walking the DAG once in
 * topological order (linear in nodes and edges, never in paths). Never throws:
 * whatever is wrong comes back as problems with node ids.
 */
export function analyzeWorkflow(input: unknown, options: AnalyzeOptions = {}): WorkflowAnalysis {
  const parsed = parseWorkflow(input);
  if (!parsed.ok) return { problems: parsed.problems, schemas: new Map(), nodes: new Map(), adjacency: EMPTY, order: [] };
  const workflow = parsed.workflow;
  const problems: Problem[] = [];
  const nodes = new Map<string, AnalyzedNode>();
  const ids: string[] = [];
  const seen = new Set<string>();

  for (const node of workflow.nodes) {
    if (seen.has(node.id)) {
      problems.push(error('duplicate_id', `Two nodes have the id "${node.id}".`, { nodeId: node.id }));
      continue;
    }
    ids.push(node.id);
    seen.add(node.id);
    const definition = getNodeDefinition(node.kind);
    if (!definition) {
      problems.push(error('unknown_kind', `"${node.kind}" is not a kind of node Segflow knows.`, { nodeId: node.id }));
      continue;
    }
    const config = parseConfig(definition, node.config);
    if (!config.success) {
      problems.push(...configProblems(config.error.issues, node, definition));
      continue;
    }
    nodes.set(node.id, { id: node.id, definition, config: config.data as Record<string, unknown> });
  }

  const edges = checkEdges(workflow, ids, nodes, problems);
  const adjacency = buildAdjacency(ids, edges);
  const { order, blocked } = topologicalOrder(adjacency);
  // Every node placed means no cycle: the strongly connected components are needed only otherwise.
  for (const cycle of blocked.length ? findCycles(adjacency) : []) {
    const message = `These nodes form a cycle: ${cycle.join(' → ')} → ${cycle[0]}.`;
    for (const nodeId of cycle) problems.push(error('cycle', message, { nodeId }));
  }
  const schemas = inferSchemas(order, nodes, adjacency, options, problems);
  problems.push(...checkOutputs(workflow, nodes, adjacency), ...checkSourcePlaces(nodes));
  return { workflow, problems, schemas, nodes, adjacency, order };
}

/**
 * Parsed configs by the identity of the config object. The editor keeps the
 * objects of nodes it did not change, and parseWorkflow hands back the node
 * it checked before for a node of the same content, so after an edit only
 * the edited node's config is parsed.
 */
const parsedConfigs = new WeakMap<object, { definition: NodeDefinition<Record<string, unknown>>; result: ReturnType<NodeDefinition['config']['safeParse']> }>();

function parseConfig(definition: NodeDefinition<Record<string, unknown>>, raw: Record<string, unknown>) {
  const hit = parsedConfigs.get(raw);
  if (hit && hit.definition === definition) return hit.result;
  const result = definition.config.safeParse(raw);
  parsedConfigs.set(raw, { definition, result });
  return result;
}

/** Just the problems: what the server, the CLI and the editor show. */
export function validateWorkflow(input: unknown, options: AnalyzeOptions = {}): Problem[] {
  return analyzeWorkflow(input, options).problems;
}

function inferSchemas(order: string[], nodes: Map<string, AnalyzedNode>, adj: Adjacency, options: AnalyzeOptions, problems: Problem[]) {
  const schemas = new Map<string, Schema>();
  for (const id of order) {
    const node = nodes.get(id);
    if (!node) continue;
    const inputs = inputSchemas(node, adj.incoming.get(id) ?? [], schemas);
    if (!inputs) continue;
    try {
      const result = inferOnce(node, inputs, options);
      problems.push(...result.problems);
      if (result.schema && !result.problems.some((p) => p.severity === 'error')) schemas.set(id, result.schema);
    } catch (e) {
      // A bug, not the user's fault; still a problem value so validation never throws.
      problems.push(error('invalid_config', `This node could not be checked (${(e as Error).message}).`, { nodeId: id }));
    }
  }
  return schemas;
}

/**
 * What a node's infer gave for the same node, config object, input schema
 * objects and source facts last time. Schemas are never changed once made, so
 * after an edit in the editor (which keeps unchanged node and config objects)
 * every node upstream of the edit and beside it reuses its result, and the
 * same schema objects flow on: only the edited node and what lies below it are
 * inferred again.
 */
const inferred = new WeakMap<object, { nodeId: string; definition: NodeDefinition<Record<string, unknown>>; inputs: Record<string, Schema[]>; options: AnalyzeOptions; source: unknown; result: InferResult }>();

function inferOnce(node: AnalyzedNode, inputs: Record<string, Schema[]>, options: AnalyzeOptions): InferResult {
  const source = options.sources?.[node.id];
  const last = inferred.get(node.config);
  const same = last && last.nodeId === node.id && last.definition === node.definition && last.source === source && last.options.addressAllowList === options.addressAllowList &&
    Object.keys(inputs).every((port) => last.inputs[port]?.length === inputs[port].length && inputs[port].every((s, i) => last.inputs[port][i] === s));
  if (same) return last.result;
  const result = node.definition.infer({ nodeId: node.id, config: node.config, inputs, source, addressAllowList: options.addressAllowList });
  inferred.set(node.config, { nodeId: node.id, definition: node.definition, inputs, options, source, result });
  return result;
}

/** The schemas on each port, or undefined when any input is unknown or a port's count is wrong. */
function inputSchemas(node: AnalyzedNode, incoming: WorkflowEdge[], schemas: Map<string, Schema>): Record<string, Schema[]> | undefined {
  const inputs: Record<string, Schema[]> = {};
  for (const [port, spec] of portsOf(node.definition)) {
    const list: Schema[] = [];
    for (const edge of incoming) {
      if (edge.targetPort !== port) continue;
      const schema = schemas.get(edge.source);
      if (!schema || schema.kind !== spec.accepts) return undefined;
      list.push(schema);
    }
    if (list.length < (spec.min ?? 1) || (!spec.many && list.length > 1)) return undefined;
    inputs[port] = list;
  }
  return inputs;
}

export { edgeId };
