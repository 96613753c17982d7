import { edgeId, type Workflow, type WorkflowEdge } from '../model/document.ts';
import { error, type Problem } from '../model/problem.ts';
import type { AnalyzedNode } from './analyze-workflow.ts';
import type { Adjacency } from '../graph/index.ts';
import { portsOf } from '../nodes/define-node.ts';
import { graphMessages, nodeNamer } from '../messages/index.ts';

/**
 * Edge problems: unknown ends, ports the target lacks, the wrong kind of data for
 * a port, and repeated edges. Returns the edges fit for the graph. `known` holds
 * the ids of the document's nodes.
 */
export function checkEdges(workflow: Workflow, known: ReadonlySet<string>, nodes: Map<string, AnalyzedNode>, problems: Problem[]): WorkflowEdge[] {
  const kept: WorkflowEdge[] = [];
  const seen: SeenEdges = { first: new Map(), later: new Set() };
  const seenIds = new Set<string>();
  const named = nodeNamer(workflow.nodes);
  // A plain loop over the edges, not a closure per call: this runs for every edge of every request.
  for (let index = 0; index < workflow.edges.length; index++) {
    const edge = workflow.edges[index];
    if (edge.id) {
      if (seenIds.has(edge.id)) problems.push(error('duplicate_id', graphMessages.duplicateEdgeId(edge.id), pointAt(edge, index, known)));
      seenIds.add(edge.id);
    }
    // An analyzed node is a known one: one lookup per end for nearly every edge.
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    const sourceKnown = source !== undefined || known.has(edge.source);
    const targetKnown = target !== undefined || known.has(edge.target);
    if (!sourceKnown) problems.push(error('unknown_node', graphMessages.unknownEnd(edge.source), pointAt(edge, index, known)));
    if (!targetKnown) problems.push(error('unknown_node', graphMessages.unknownEnd(edge.target), pointAt(edge, index, known)));
    if (!sourceKnown || !targetKnown) continue;
    if (!addEdge(seen, edge)) {
      problems.push(error('duplicate_edge', graphMessages.duplicateEdge(named(edge.source), named(edge.target)), pointAt(edge, index, known)));
      continue;
    }
    const problem = source && target ? portProblem(edge, source, target, named) : undefined;
    if (problem) problems.push(error('wrong_input', problem.message, pointAt(edge, index, known)));
    if (!problem?.dropped) kept.push(edge);
  }
  return kept;
}

/**
 * The edges met so far: the first into each target, and a key for each later
 * one. Most nodes have one edge in, so a key string is made only for edges into
 * a node that has several, and no table is made per node.
 */
interface SeenEdges {
  first: Map<string, WorkflowEdge>;
  later: Set<string>;
}

/** Notes the edge; false when the same source already feeds the same port. */
function addEdge(seen: SeenEdges, edge: WorkflowEdge): boolean {
  const first = seen.first.get(edge.target);
  if (!first) {
    seen.first.set(edge.target, edge);
    return true;
  }
  if (first.source === edge.source && first.targetPort === edge.targetPort) return false;
  const key = `${edge.source}\u0000${edge.target}\u0000${edge.targetPort}`;
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
function pointAt(edge: WorkflowEdge, index: number, known: ReadonlySet<string>) {
  return { edgeId: edgeId(edge, index), ...(known.has(edge.target) ? { nodeId: edge.target } : {}) };
}

/**
 * Port counts: too few edges into a port, or several into one that takes one.
 * Counted on the adjacency, which holds exactly the edges checkEdges kept.
 */
export function checkPortCounts(workflow: Workflow, nodes: Map<string, AnalyzedNode>, adj: Adjacency, problems: Problem[]): void {
  const named = nodeNamer(workflow.nodes);
  for (const node of nodes.values()) {
    const incoming = adj.incoming.get(node.id) ?? [];
    const nodePorts = portsOf(node.definition);
    for (const [port, spec] of nodePorts) {
      const n = countInto(incoming, port);
      const min = spec.min ?? 1;
      if (n < min) problems.push(error('missing_input', graphMessages.missingInput(named(node.id), spec, min, nodePorts.length > 1), { nodeId: node.id }));
      if (!spec.many && n > 1) problems.push(error('too_many_inputs', graphMessages.tooManyInputs(named(node.id), spec, n, nodePorts.length > 1), { nodeId: node.id }));
    }
  }
}

function countInto(incoming: readonly WorkflowEdge[], port: string): number {
  let n = 0;
  for (const edge of incoming) if (edge.targetPort === port) n++;
  return n;
}
