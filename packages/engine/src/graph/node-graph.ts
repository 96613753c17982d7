import type { WorkflowEdge } from '../model/document.ts';
import type { Adjacency } from './adjacency.ts';

/**
 * A graph over node positions: node `i` is `ids[i]`, and edge `e` joins
 * `sourceAt[e]` to `targetAt[e]`. Validation walks these arrays instead of maps
 * keyed by id: a document fresh from JSON brings new id strings every time, and
 * every map lookup hashes and compares them (measured on 200-node documents: the
 * graph passes took a third of a check). The id-keyed lists the planner and runs
 * read (`incoming`, `outgoing`) are made from it the first time they are asked for.
 */
export class NodeGraph implements Adjacency {
  /** Edges into node `i`: `inEdges[inStart[i]]` up to `inEdges[inStart[i + 1]]`, in document order. */
  readonly inStart: Int32Array;
  readonly inEdges: Int32Array;
  /** Edges out of node `i`, the same way. */
  readonly outStart: Int32Array;
  readonly outEdges: Int32Array;
  private incomingById: Map<string, WorkflowEdge[]> | undefined;
  private outgoingById: Map<string, WorkflowEdge[]> | undefined;

  /** `ids` are distinct; `sourceAt` and `targetAt` give each edge's ends as positions in `ids`. */
  constructor(
    readonly ids: readonly string[],
    readonly edges: readonly WorkflowEdge[],
    readonly sourceAt: Int32Array,
    readonly targetAt: Int32Array,
  ) {
    [this.inStart, this.inEdges] = edgesByNode(ids.length, targetAt);
    [this.outStart, this.outEdges] = edgesByNode(ids.length, sourceAt);
  }

  get incoming(): Map<string, WorkflowEdge[]> {
    return (this.incomingById ??= this.listsById(this.inStart, this.inEdges));
  }

  get outgoing(): Map<string, WorkflowEdge[]> {
    return (this.outgoingById ??= this.listsById(this.outStart, this.outEdges));
  }

  /** How many edges come into node `i`. */
  inCount(i: number): number {
    return this.inStart[i + 1] - this.inStart[i];
  }

  private listsById(start: Int32Array, list: Int32Array): Map<string, WorkflowEdge[]> {
    const byId = new Map<string, WorkflowEdge[]>();
    for (let i = 0; i < this.ids.length; i++) {
      const edges: WorkflowEdge[] = [];
      for (let k = start[i]; k < start[i + 1]; k++) edges.push(this.edges[list[k]]);
      byId.set(this.ids[i], edges);
    }
    return byId;
  }
}

/** Each node's edges as one list grouped by node (counted, then placed), edges in document order within a node. */
function edgesByNode(nodeCount: number, endAt: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(nodeCount + 1);
  for (const end of endAt) start[end + 1]++;
  for (let i = 0; i < nodeCount; i++) start[i + 1] += start[i];
  const next = start.slice(0, nodeCount);
  const list = new Int32Array(endAt.length);
  for (let e = 0; e < endAt.length; e++) list[next[endAt[e]]++] = e;
  return [start, list];
}

/** Each distinct id's position among the distinct ids, in order (a repeated id keeps its first place). */
export function positionsOf(ids: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (const id of ids) if (!positions.has(id)) positions.set(id, positions.size);
  return positions;
}

/**
 * Kahn's algorithm over positions: the nodes ready at the start in position
 * order, then each node as its last edge in is placed (two edges between one
 * pair are two). Nodes on or behind a cycle are left out.
 */
export function placeInOrder(graph: NodeGraph): number[] {
  const waiting = new Int32Array(graph.ids.length);
  const order: number[] = [];
  for (let i = 0; i < graph.ids.length; i++) {
    waiting[i] = graph.inCount(i);
    if (waiting[i] === 0) order.push(i);
  }
  // Each node is placed as it becomes ready: the ready list is the order.
  for (let k = 0; k < order.length; k++) {
    const node = order[k];
    for (let o = graph.outStart[node]; o < graph.outStart[node + 1]; o++) {
      const target = graph.targetAt[graph.outEdges[o]];
      if (--waiting[target] === 0) order.push(target);
    }
  }
  return order;
}

/** Marks every node upstream of the marked ones (edges followed backwards), in place. */
export function markUpstream(graph: NodeGraph, marked: Uint8Array): void {
  const todo: number[] = [];
  for (let i = 0; i < marked.length; i++) if (marked[i]) todo.push(i);
  while (todo.length) {
    const node = todo.pop()!;
    for (let k = graph.inStart[node]; k < graph.inStart[node + 1]; k++) {
      const source = graph.sourceAt[graph.inEdges[k]];
      if (!marked[source]) {
        marked[source] = 1;
        todo.push(source);
      }
    }
  }
}
