import { edgeId, type Workflow, type WorkflowEdge } from '../model/document.ts';
import { error, type Problem } from '../model/problem.ts';
import type { AnalyzedNode } from './analyze-workflow.ts';
import { NodeGraph } from '../graph/index.ts';
import { portsOf } from '../nodes/define-node.ts';
import { graphMessages, nodeNamer } from '../messages/index.ts';

/**
 * Edge problems: unknown ends, ports the target lacks, the wrong kind of data for
 * a port, and repeated edges. Returns the graph of the document's nodes (`ids`,
 * at their `positions`) and the edges fit for it; `analyzed` holds each
 * position's node when its kind and settings are known.
 */
export function checkEdges(
  workflow: Workflow, ids: readonly string[], positions: ReadonlyMap<string, number>, analyzed: readonly (AnalyzedNode | undefined)[], problems: Problem[],
): NodeGraph {
  const kept: WorkflowEdge[] = [];
  const sourceAt: number[] = [];
  const targetAt: number[] = [];
  const seen: SeenEdges = { firstSource: new Int32Array(ids.length).fill(-1), firstPort: new Array<string>(ids.length), later: new Set() };
  const seenIds = new Set<string>();
  const named = nodeNamer(workflow.nodes);
  // A plain loop over the edges, not a closure per call: this runs for every edge of every request.
  for (let index = 0; index < workflow.edges.length; index++) {
    const edge = workflow.edges[index];
    if (edge.id) {
      // One lookup, not a test and then an add: a new id is what makes the set grow.
      const before = seenIds.size;
      if (seenIds.add(edge.id).size === before) problems.push(error('duplicate_id', graphMessages.duplicateEdgeId(edge.id), pointAt(edge, index, positions)));
    }
    const source = positions.get(edge.source);
    const target = positions.get(edge.target);
    if (source === undefined) problems.push(error('unknown_node', graphMessages.unknownEnd(edge.source), pointAt(edge, index, positions)));
    if (target === undefined) problems.push(error('unknown_node', graphMessages.unknownEnd(edge.target), pointAt(edge, index, positions)));
    if (source === undefined || target === undefined) continue;
    if (!addEdge(seen, source, target, edge.targetPort)) {
      problems.push(error('duplicate_edge', graphMessages.duplicateEdge(named(edge.source), named(edge.target)), pointAt(edge, index, positions)));
      continue;
    }
    const from = analyzed[source];
    const to = analyzed[target];
    const problem = from && to ? portProblem(edge, from, to, named) : undefined;
    if (problem) problems.push(error('wrong_input', problem.message, pointAt(edge, index, positions)));
    if (problem?.dropped) continue;
    kept.push(edge);
    sourceAt.push(source);
    targetAt.push(target);
  }
  return new NodeGraph(ids, kept, Int32Array.from(sourceAt), Int32Array.from(targetAt));
}

/**
 * The edges met so far: the source and port of the first into each node, and a
 * key for each later one. Most nodes have one edge in, so a key string is made
 * only for edges into a node that has several.
 */
interface SeenEdges {
  firstSource: Int32Array;
  firstPort: string[];
  later: Set<string>;
}

/** Notes the edge; false when the same source already feeds the same port. */
function addEdge(seen: SeenEdges, source: number, target: number, port: string): boolean {
  if (seen.firstSource[target] < 0) {
    seen.firstSource[target] = source;
    seen.firstPort[target] = port;
    return true;
  }
  if (seen.firstSource[target] === source && seen.firstPort[target] === port) return false;
  const key = `${source} ${target} ${port}`;
  if (seen.later.has(key)) return false;
  seen.later.add(key);
  return true;
}

/**
 * What is wrong with the port an edge between two analyzed nodes reaches:
 * a port the target lacks or an edge out of an output (the edge is dropped), or
 * the wrong kind of data (the edge stays, so its target is not also missing an input).
 */
function portProblem(edge: WorkflowEdge, source: AnalyzedNode, target: AnalyzedNode, named: (id: string) => string): { message: string; dropped: boolean } | undefined {
  const port = target.definition.inputs[edge.targetPort];
  if (!port) {
    const labels = portsOf(target.definition).map(([, spec]) => spec.label);
    return { message: graphMessages.noSuchInput(named(edge.source), named(edge.target), labels), dropped: true };
  }
  const gives = source.definition.output;
  if (gives === null) return { message: graphMessages.fromAnOutput(named(edge.source), named(edge.target)), dropped: true };
  if (gives === port.accepts) return undefined;
  const manyPorts = portsOf(target.definition).length > 1;
  return { message: graphMessages.wrongData(named(edge.source), named(edge.target), port, gives, manyPorts), dropped: false };
}

/** Where an edge's problem points; built only when there is one (most edges have none). */
function pointAt(edge: WorkflowEdge, index: number, positions: ReadonlyMap<string, number>) {
  return { edgeId: edgeId(edge, index), ...(positions.has(edge.target) ? { nodeId: edge.target } : {}) };
}

/**
 * Port counts: too few edges into a port, or several into one that takes one.
 * Counted on the graph, which holds exactly the edges checkEdges kept.
 */
export function checkPortCounts(workflow: Workflow, analyzed: readonly (AnalyzedNode | undefined)[], graph: NodeGraph, problems: Problem[]): void {
  const named = nodeNamer(workflow.nodes);
  for (let i = 0; i < analyzed.length; i++) {
    const node = analyzed[i];
    if (!node) continue;
    const nodePorts = portsOf(node.definition);
    for (const [port, spec] of nodePorts) {
      const n = countInto(graph, i, port);
      const min = spec.min ?? 1;
      if (n < min) problems.push(error('missing_input', graphMessages.missingInput(named(node.id), spec, min, nodePorts.length > 1), { nodeId: node.id }));
      if (!spec.many && n > 1) problems.push(error('too_many_inputs', graphMessages.tooManyInputs(named(node.id), spec, n, nodePorts.length > 1), { nodeId: node.id }));
    }
  }
}

function countInto(graph: NodeGraph, node: number, port: string): number {
  let n = 0;
  for (let k = graph.inStart[node]; k < graph.inStart[node + 1]; k++) if (graph.edges[graph.inEdges[k]].targetPort === port) n++;
  return n;
}
