import { buildAdjacency, findCycles, placeInOrder, type Adjacency, type NodeGraph } from '../graph/index.ts';
import type { Schema } from '../model/column.ts';
import { edgeId, type Workflow } from '../model/document.ts';
import { parseWorkflow, type ParseResult } from '../model/parse-workflow.ts';
import { configProblems } from './config-problems.ts';
import { error, type Problem } from '../model/problem.ts';
import { getNodeDefinition } from '../nodes/registry.ts';
import { portsOf, type InferResult, type NodeDefinition } from '../nodes/define-node.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { checkEdges, checkPortCounts } from './check-edges.ts';
import { checkOutputs } from './check-outputs.ts';
import { graphMessages, nodeName, nodeNamer } from '../messages/index.ts';
import { readConfig, startRemembering, type Memory } from './remembered.ts';
import { checkSourcePlaces } from './check-source-places.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';

export interface AnalyzeOptions {
  /** What each source node's file holds, by node id. Without it, columns are unknown. */
  sources?: Readonly<Record<string, SourceFacts>>;
  /** Addresses webhooks may reach besides public ones. */
  addressAllowList?: AddressAllowList;
  /**
   * Keep what this analysis works out for the next one, by config object, so
   * the next parses and infers only the nodes whose objects changed. Only a
   * caller that keeps its node objects between calls gains (the editor); for a
   * document fresh from JSON it is pure cost, so it is asked for.
   */
  remember?: boolean;
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
  return analyzeParsed(parseWorkflow(input), options);
}

/** analyzeWorkflow for a document parseWorkflow read already. */
export function analyzeParsed(parsed: ParseResult, options: AnalyzeOptions = {}): WorkflowAnalysis {
  if (!parsed.ok) return { problems: parsed.problems, schemas: new Map(), nodes: new Map(), adjacency: EMPTY, order: [] };
  const workflow = parsed.workflow;
  const problems: Problem[] = [];
  const nodes = new Map<string, AnalyzedNode>();
  // Each distinct id has a position; the graph passes below index arrays by it (see graph/node-graph.ts).
  const ids: string[] = [];
  const positions = new Map<string, number>();
  const analyzed: (AnalyzedNode | undefined)[] = [];
  const memory = options.remember ? startRemembering() : undefined;
  /** With a memory: the config object each analyzed node came with, what the memory knows it by. */
  const rawConfigs: object[] = [];

  for (const node of workflow.nodes) {
    if (positions.has(node.id)) {
      problems.push(error('duplicate_id', graphMessages.duplicateNodeId(node.id), { nodeId: node.id }));
      continue;
    }
    const at = ids.length;
    positions.set(node.id, at);
    ids.push(node.id);
    analyzed.push(undefined);
    const definition = getNodeDefinition(node.kind);
    if (!definition) {
      problems.push(error('unknown_kind', graphMessages.unknownKind(nodeName(node), node.kind), { nodeId: node.id }));
      continue;
    }
    const config = memory ? memory.parse(definition, node.config) : readConfig(definition, node.config);
    if (!config.success) {
      append(problems, configProblems(config.error.issues, node, definition));
      continue;
    }
    const ready: AnalyzedNode = { id: node.id, definition, config: config.data as Record<string, unknown> };
    analyzed[at] = ready;
    nodes.set(node.id, ready);
    if (memory) rawConfigs[at] = node.config;
  }

  const graph = checkEdges(workflow, ids, positions, analyzed, problems);
  checkPortCounts(workflow, analyzed, graph, problems);
  const placed = placeInOrder(graph);
  // Every node placed means no cycle: the strongly connected components are needed only otherwise.
  for (const cycle of placed.length < ids.length ? findCycles(graph) : []) {
    const message = graphMessages.cycle(cycle.map(nodeNamer(workflow.nodes)));
    for (const nodeId of cycle) problems.push(error('cycle', message, { nodeId }));
  }
  const given: Given = { sources: options.sources, addressAllowList: options.addressAllowList, memory, rawConfigs };
  const schemas = inferSchemas(placed, analyzed, graph, given, problems);
  append(problems, checkOutputs(workflow, nodes, graph, positions));
  append(problems, checkSourcePlaces(nodes));
  return { workflow, problems, schemas, nodes, adjacency: graph, order: placed.map((i) => ids[i]) };
}

/** Just the problems: what the server, the CLI and the editor show. */
export function validateWorkflow(input: unknown, options: AnalyzeOptions = {}): Problem[] {
  return analyzeWorkflow(input, options).problems;
}

/** What every node's infer is given besides its own settings and inputs, and the memory when asked for. */
interface Given {
  sources: Readonly<Record<string, SourceFacts>> | undefined;
  addressAllowList: AddressAllowList | undefined;
  memory: Memory | undefined;
  /** By node position. */
  rawConfigs: object[];
}

function inferSchemas(placed: number[], analyzed: (AnalyzedNode | undefined)[], graph: NodeGraph, given: Given, problems: Problem[]) {
  const schemas = new Map<string, Schema>();
  const schemaAt: (Schema | undefined)[] = new Array(analyzed.length);
  for (const at of placed) {
    const node = analyzed[at];
    if (!node) continue;
    const inputs = inputSchemas(node, at, graph, schemaAt);
    if (!inputs) continue;
    try {
      const result = inferNode(node, at, inputs, given);
      append(problems, result.problems);
      if (result.schema && !hasError(result.problems)) {
        schemaAt[at] = result.schema;
        schemas.set(node.id, result.schema);
      }
    } catch (e) {
      // A bug, not the user's fault; still a problem value so validation never throws.
      problems.push(error('invalid_config', `Segflow could not check this step (${(e as Error).message}): please report it.`, { nodeId: node.id }));
    }
  }
  return schemas;
}

/** The node's infer; through the memory when there is one (a module-level function: nothing made per node but the call). */
function inferNode(node: AnalyzedNode, at: number, inputs: Record<string, Schema[]>, given: Given): InferResult {
  const { definition, config } = node;
  // Only sources read their file's facts (InferContext.source): no lookup for the other nodes.
  const source = definition.scope === 'source' ? ownSource(given.sources, node.id) : undefined;
  if (!given.memory) return definition.infer({ nodeId: node.id, config, inputs, source, addressAllowList: given.addressAllowList });
  const call = { nodeId: node.id, inputs, source, addressAllowList: given.addressAllowList };
  return given.memory.infer(definition, given.rawConfigs[at], call, () => definition.infer({ ...call, config }));
}

/** The facts given for the node: an own property only, so a node id such as `constructor` names no source. */
function ownSource(sources: Readonly<Record<string, SourceFacts>> | undefined, id: string): SourceFacts | undefined {
  return sources && Object.hasOwn(sources, id) ? sources[id] : undefined;
}

function hasError(problems: readonly Problem[]): boolean {
  for (const problem of problems) if (problem.severity === 'error') return true;
  return false;
}

/** `into.push(...more)` without spreading: most lists are empty, and a spread of a long one could overflow the stack. */
function append<T>(into: T[], more: readonly T[]): void {
  for (const item of more) into.push(item);
}

/** The schemas on each port, or undefined when any input is unknown or a port's count is wrong. */
function inputSchemas(node: AnalyzedNode, at: number, graph: NodeGraph, schemaAt: (Schema | undefined)[]): Record<string, Schema[]> | undefined {
  const inputs: Record<string, Schema[]> = {};
  for (const [port, spec] of portsOf(node.definition)) {
    // A first schema gets a list of its own size (a push onto an empty list reserves room for sixteen).
    let list: Schema[] | undefined;
    for (let k = graph.inStart[at]; k < graph.inStart[at + 1]; k++) {
      const edge = graph.inEdges[k];
      if (graph.edges[edge].targetPort !== port) continue;
      const schema = schemaAt[graph.sourceAt[edge]];
      if (!schema || schema.kind !== spec.accepts) return undefined;
      if (list) list.push(schema);
      else list = [schema];
    }
    list ??= [];
    if (list.length < (spec.min ?? 1) || (!spec.many && list.length > 1)) return undefined;
    inputs[port] = list;
  }
  return inputs;
}

export { edgeId };
