import { edgeId, type Workflow, type WorkflowEdge } from '../model/document.ts';
import { error, type Problem } from '../model/problem.ts';
import type { AnalyzedNode } from './analyze-workflow.ts';
import { portsOf } from '../nodes/define-node.ts';
import { graphMessages, nodeNamer } from '../messages/index.ts';

/**
 * Edge problems: unknown ends, ports the target lacks, the wrong kind of data for
 * a port, repeated edges, and port counts. Returns the edges fit for the graph.
 */
export function checkEdges(workflow: Workflow, ids: string[], nodes: Map<string, AnalyzedNode>, problems: Problem[]): WorkflowEdge[] {
  const known = new Set(ids);
  const kept: WorkflowEdge[] = [];
  const seenPairs = new Set<string>();
  const seenIds = new Set<string>();
  const named = nodeNamer(workflow.nodes);
  workflow.edges.forEach((edge, index) => {
    if (edge.id) {
      if (seenIds.has(edge.id)) problems.push(error('duplicate_id', graphMessages.duplicateEdgeId(edge.id), pointAt(edge, index, known)));
      seenIds.add(edge.id);
    }
    const sourceKnown = known.has(edge.source);
    const targetKnown = known.has(edge.target);
    if (!sourceKnown) problems.push(error('unknown_node', graphMessages.unknownEnd(edge.source), pointAt(edge, index, known)));
    if (!targetKnown) problems.push(error('unknown_node', graphMessages.unknownEnd(edge.target), pointAt(edge, index, known)));
    if (!sourceKnown || !targetKnown) return;
    const pair = `${edge.source}\u0000${edge.target}\u0000${edge.targetPort}`;
    if (seenPairs.has(pair)) {
      problems.push(error('duplicate_edge', graphMessages.duplicateEdge(named(edge.source), named(edge.target)), pointAt(edge, index, known)));
      return;
    }
    seenPairs.add(pair);
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (source && target) {
      const port = target.definition.inputs[edge.targetPort];
      if (!port) {
        const labels = portsOf(target.definition).map(([, spec]) => spec.label);
        problems.push(error('wrong_input', graphMessages.noSuchInput(named(edge.source), named(edge.target), labels), pointAt(edge, index, known)));
        return;
      }
      const gives = source.definition.output;
      if (gives === null) {
        problems.push(error('wrong_input', graphMessages.fromAnOutput(named(edge.source), named(edge.target)), pointAt(edge, index, known)));
        return;
      }
      if (gives !== port.accepts) {
        const manyPorts = portsOf(target.definition).length > 1;
        problems.push(error('wrong_input', graphMessages.wrongData(named(edge.source), named(edge.target), port, gives, manyPorts), pointAt(edge, index, known)));
      }
    }
    kept.push(edge);
  });
  checkPortCounts(nodes, kept, problems, named);
  return kept;
}

/** Where an edge's problem points; built only when there is one (most edges have none). */
function pointAt(edge: WorkflowEdge, index: number, known: Set<string>) {
  return { edgeId: edgeId(edge, index), ...(known.has(edge.target) ? { nodeId: edge.target } : {}) };
}

function checkPortCounts(nodes: Map<string, AnalyzedNode>, edges: WorkflowEdge[], problems: Problem[], named: (id: string) => string) {
  // Edges per target and port, without building a string key per edge.
  const counts = new Map<string, Map<string, number>>();
  for (const e of edges) {
    let ports = counts.get(e.target);
    if (!ports) counts.set(e.target, (ports = new Map()));
    ports.set(e.targetPort, (ports.get(e.targetPort) ?? 0) + 1);
  }
  for (const node of nodes.values()) {
    const ports = counts.get(node.id);
    const nodePorts = portsOf(node.definition);
    for (const [port, spec] of nodePorts) {
      const n = ports?.get(port) ?? 0;
      const min = spec.min ?? 1;
      if (n < min) problems.push(error('missing_input', graphMessages.missingInput(named(node.id), spec, min, nodePorts.length > 1), { nodeId: node.id }));
      if (!spec.many && n > 1) problems.push(error('too_many_inputs', graphMessages.tooManyInputs(named(node.id), spec, n, nodePorts.length > 1), { nodeId: node.id }));
    }
  }
}
