import { markUpstream, type NodeGraph } from '../graph/index.ts';
import type { Workflow } from '../model/document.ts';
import { error, warning, type Problem } from '../model/problem.ts';
import { isFileDestination } from '../nodes/output.node.ts';
import { normalOutputPath, outputPathProblem } from '../nodes/output-path.ts';
import type { AnalyzedNode } from './analyze-workflow.ts';
import { graphMessages, nodeNamer } from '../messages/index.ts';

/**
 * What only all outputs together tell: a segment or a file made twice, a
 * destination that is no file, and nodes that lead to no output.
 */
export function checkOutputs(workflow: Workflow, nodes: Map<string, AnalyzedNode>, graph: NodeGraph, positions: ReadonlyMap<string, number>): Problem[] {
  const outputs = [...nodes.values()].filter((n) => n.definition.kind === 'output');
  const problems = [...duplicateSegments(workflow, outputs), ...outputPaths(workflow, outputs)];
  if (!workflow.nodes.length) return [warning('no_output', graphMessages.emptyWorkflow())];
  // Every output step counts, even one whose settings are still wrong: it has its own problem, and "nothing is delivered" would be false.
  const outputAt: number[] = [];
  for (const node of workflow.nodes) if (node.kind === 'output') outputAt.push(positions.get(node.id)!);
  if (outputAt.length === 0) {
    problems.push(warning('no_output', graphMessages.nothingDelivered()));
    return problems;
  }
  // An output not yet wired has its own "connect…" problem: until one is, every other step would be told it leads nowhere.
  const feeding = new Uint8Array(graph.ids.length);
  for (const i of outputAt) if (graph.inCount(i) > 0) feeding[i] = 1;
  if (!feeding.includes(1)) return problems;
  markUpstream(graph, feeding);
  for (const i of outputAt) feeding[i] = 1;
  for (let i = 0; i < graph.ids.length; i++)
    if (!feeding[i]) problems.push(warning('disconnected', graphMessages.leadsNowhere(), { nodeId: graph.ids[i] }));
  return problems;
}

function duplicateSegments(workflow: Workflow, outputs: AnalyzedNode[]): Problem[] {
  const problems: Problem[] = [];
  const named = nodeNamer(workflow.nodes);
  const bySegment = new Map<string, string>();
  for (const out of outputs) {
    const segment = String(out.config.segment);
    const first = bySegment.get(segment);
    if (first) problems.push(error('duplicate_segment', graphMessages.duplicateSegment(segment, named(first)), { nodeId: out.id }));
    else bySegment.set(segment, out.id);
  }
  return problems;
}

/**
 * File destinations must name a file, each its own: two outputs writing one file
 * would both succeed while the second overwrote the first. Both are told.
 */
function outputPaths(workflow: Workflow, outputs: AnalyzedNode[]): Problem[] {
  const problems: Problem[] = [];
  const labelOf = (id: string) => workflow.nodes.find((n) => n.id === id)?.label || id;
  const byFile = new Map<string, AnalyzedNode[]>();
  for (const out of outputs) {
    const destination = out.definition.delivery!(out.config).destination;
    if (!isFileDestination(destination)) continue;
    const refused = outputPathProblem(destination.path);
    if (refused) {
      problems.push(error('invalid_config', refused, { nodeId: out.id, field: 'destination.path' }));
      continue;
    }
    const file = normalOutputPath(destination.path);
    const writers = byFile.get(file);
    if (writers) writers.push(out);
    else byFile.set(file, [out]);
  }
  const tell = (writers: AnalyzedNode[], message: string) => {
    for (const w of writers) problems.push(error('duplicate_output_path', message, { nodeId: w.id, field: 'destination.path' }));
  };
  const named = (writers: AnalyzedNode[]) => writers.map((w) => `"${labelOf(w.id)}"`);
  for (const [file, writers] of byFile) {
    if (writers.length > 1) {
      const names = named(writers);
      tell(writers, `${names.slice(0, -1).join(', ')} and ${names.at(-1)} ${writers.length === 2 ? 'both' : 'all'} write the file "${file}": give each output its own file name.`);
    }
    // `seg.csv` and `seg.csv/x.csv`: one of them cannot be written.
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const owners = byFile.get(folder);
      if (owners) tell([...owners, ...writers], `${named(owners).join(', ')} writes the file "${folder}", which ${named(writers).join(', ')} needs as a folder for "${file}": give them different names.`);
    }
  }
  return problems;
}
