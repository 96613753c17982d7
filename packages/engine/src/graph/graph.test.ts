import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkflowEdge } from '../model/document.ts';
import { analyzeWorkflow } from '../validate/index.ts';
import { chain, doc, edge, facts, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { buildAdjacency, predecessors, successors } from './adjacency.ts';
import { findCycles } from './cycles.ts';
import { downstreamOf, upstreamOf } from './reachability.ts';
import { topologicalOrder } from './topological-order.ts';
import { markUpstream, positionsOf } from './node-graph.ts';

const edges = (pairs: string): WorkflowEdge[] =>
  pairs.split(/\s+/).filter(Boolean).map((p) => {
    const [source, target] = p.split('>');
    return { source, target, targetPort: 'in' };
  });
const graph = (ids: string, pairs = '') => buildAdjacency(ids.split(' '), edges(pairs));

function expectEdgesGoForward(order: string[], es: WorkflowEdge[]) {
  for (const e of es) expect(order.indexOf(e.source), `${e.source}>${e.target}`).toBeLessThan(order.indexOf(e.target));
}

describe('buildAdjacency', () => {
  it('keeps edges in document order and leaves out edges to unknown nodes', () => {
    const adj = graph('a b c', 'a>c b>c a>zz zz>b');
    expect(adj.incoming.get('c')!.map((e) => e.source)).toEqual(['a', 'b']);
    expect(adj.outgoing.get('a')!.map((e) => e.target)).toEqual(['c']);
    expect(adj.incoming.get('b')).toEqual([]);
  });

  it('lists each neighbour once even when two ports join the same pair', () => {
    const adj = buildAdjacency(['a', 'b'], [
      { source: 'a', target: 'b', targetPort: 'in' },
      { source: 'a', target: 'b', targetPort: 'minus' },
    ]);
    expect(successors(adj, 'a')).toEqual(['b']);
    expect(predecessors(adj, 'b')).toEqual(['a']);
  });
});

describe('NodeGraph', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const edgeArb = fc.record({ source: fc.constantFrom(...ids, 'zz'), target: fc.constantFrom(...ids, 'zz'), targetPort: fc.constantFrom('in', 'events') });

  it('lists by position the same edges, in the same order, as its lists by id', () => {
    fc.assert(fc.property(fc.array(edgeArb, { maxLength: 14 }), (es) => {
      const g = buildAdjacency(ids, es);
      ids.forEach((id, i) => {
        const into = Array.from(g.inEdges.subarray(g.inStart[i], g.inStart[i + 1]), (e) => g.edges[e]);
        const out = Array.from(g.outEdges.subarray(g.outStart[i], g.outStart[i + 1]), (e) => g.edges[e]);
        expect(into).toEqual(g.incoming.get(id));
        expect(out).toEqual(g.outgoing.get(id));
        expect(g.inCount(i)).toBe(into.length);
        for (const e of into) expect(g.targetAt[g.edges.indexOf(e)]).toBe(i);
      });
      expect(g.edges).toEqual(es.filter((e) => e.source !== 'zz' && e.target !== 'zz'));
    }), { numRuns: 500 });
  });

  it('marks what upstreamOf walks to, and the starting nodes', () => {
    fc.assert(fc.property(fc.array(edgeArb, { maxLength: 14 }), fc.subarray(ids), (es, start) => {
      const g = buildAdjacency(ids, es);
      const marked = new Uint8Array(ids.length);
      for (const id of start) marked[ids.indexOf(id)] = 1;
      markUpstream(g, marked);
      const expected = new Set([...start, ...upstreamOf(g, start)]);
      expect(ids.filter((_, i) => marked[i])).toEqual(ids.filter((id) => expected.has(id)));
    }), { numRuns: 500 });
  });

  it('keeps a repeated id once, with its edges', () => {
    const g = graph('a b a', 'a>b b>a');
    expect(g.ids).toEqual(['a', 'b']);
    expect(g.outgoing.get('a')!.map((e) => e.target)).toEqual(['b']);
    expect(topologicalOrder(g)).toEqual({ order: [], blocked: ['a', 'b'] });
    expect(topologicalOrder(graph('a b a', 'b>a')).order).toEqual(['b', 'a']);
    expect(positionsOf(['a', 'b', 'a', 'c'])).toEqual(new Map([['a', 0], ['b', 1], ['c', 2]]));
    const later = graph('a b a c', 'a>c b>c');
    expect(later.ids).toEqual(['a', 'b', 'c']);
    expect(later.incoming.get('c')!.map((e) => e.source)).toEqual(['a', 'b']);
    expect(topologicalOrder(later).order).toEqual(['a', 'b', 'c']);
  });
});

describe('topologicalOrder', () => {
  it('keeps unconnected nodes in document order', () => {
    expect(topologicalOrder(graph('c a b')).order).toEqual(['c', 'a', 'b']);
  });

  it('puts every node after its inputs', () => {
    const es = 'e>d d>c c>b b>a e>a';
    const { order, blocked } = topologicalOrder(graph('a b c d e', es));
    expect(order).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(blocked).toEqual([]);
    expectEdgesGoForward(order, edges(es));
  });

  it('gives the same order for the same document every time', () => {
    const es = 's>f1 s>f2 s>f3 f1>u f2>u f3>x u>x';
    const first = topologicalOrder(graph('s f3 f2 f1 u x', es)).order;
    for (let i = 0; i < 5; i++) expect(topologicalOrder(graph('s f3 f2 f1 u x', es)).order).toEqual(first);
    // Nodes ready from the start follow the document.
    expect(topologicalOrder(graph('z y s x', 's>x')).order).toEqual(['z', 'y', 's', 'x']);
    expectEdgesGoForward(first, edges(es));
  });

  it('is Kahn\'s order counting every edge, on random graphs with repeated pairs and cycles', () => {
    /** The plain algorithm: every node's count of edges in, taken down one per placed edge. */
    const reference = (ids: string[], es: WorkflowEdge[]) => {
      const adj = buildAdjacency(ids, es);
      const left = new Map(ids.map((id) => [id, adj.incoming.get(id)!.length]));
      const order = ids.filter((id) => left.get(id) === 0);
      for (let i = 0; i < order.length; i++)
        for (const e of adj.outgoing.get(order[i])!) {
          left.set(e.target, left.get(e.target)! - 1);
          if (left.get(e.target) === 0) order.push(e.target);
        }
      return { order, blocked: ids.filter((id) => !order.includes(id)) };
    };
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const edgeArb = fc.record({ source: fc.constantFrom(...ids), target: fc.constantFrom(...ids), targetPort: fc.constantFrom('in', 'events') });
    fc.assert(fc.property(fc.array(edgeArb, { maxLength: 12 }), (es) => {
      expect(topologicalOrder(buildAdjacency(ids, es))).toEqual(reference(ids, es));
    }), { numRuns: 2000 });
  });

  it('leaves nodes on or behind a cycle out of the order and lists them as blocked', () => {
    const { order, blocked } = topologicalOrder(graph('s a b c d', 's>a a>b b>a b>c s>d'));
    expect(order).toEqual(['s', 'd']);
    expect(blocked).toEqual(['a', 'b', 'c']);
  });
});

describe('findCycles', () => {
  it('finds no cycle in a DAG', () => {
    expect(findCycles(graph('a b c d', 'a>b a>c b>d c>d'))).toEqual([]);
  });

  it('reports a node with an edge to itself as a cycle of one', () => {
    expect(findCycles(graph('a b', 'a>b b>b'))).toEqual([['b']]);
  });

  it('reports two separate cycles, each with all its nodes', () => {
    const cycles = findCycles(graph('s a b c x y', 's>a a>b b>c c>a s>x x>y y>x'));
    expect(cycles.map((c) => [...c].sort())).toEqual(expect.arrayContaining([['a', 'b', 'c'], ['x', 'y']]));
    expect(cycles).toHaveLength(2);
  });

  it('lists a cycle\'s nodes in the order the edges go round', () => {
    const [cycle] = findCycles(graph('a b c', 'a>b b>c c>a'));
    const i = cycle.indexOf('a');
    const rotated = [...cycle.slice(i), ...cycle.slice(0, i)];
    expect(rotated).toEqual(['a', 'b', 'c']);
  });

  it('walks a very long chain without overflowing the stack', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `n${i}`);
    const es = ids.slice(1).map((id, i) => ({ source: ids[i], target: id, targetPort: 'in' }));
    es.push({ source: ids.at(-1)!, target: ids[0], targetPort: 'in' });
    const cycles = findCycles(buildAdjacency(ids, es));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(20_000);
  });
});

describe('upstreamOf / downstreamOf', () => {
  const adj = graph('s a b c d', 's>a a>b a>c b>d c>d');

  it('gives every node upstream of the given ones, not themselves', () => {
    expect([...upstreamOf(adj, ['d'])].sort()).toEqual(['a', 'b', 'c', 's']);
    expect([...upstreamOf(adj, ['s'])]).toEqual([]);
  });

  it('gives every node downstream of the given ones', () => {
    expect([...downstreamOf(adj, ['b'])]).toEqual(['d']);
    expect([...downstreamOf(adj, ['a'])].sort()).toEqual(['b', 'c', 'd']);
  });

  it('terminates on cycles', () => {
    expect([...downstreamOf(graph('a b', 'a>b b>a'), ['a'])].sort()).toEqual(['a', 'b']);
  });
});

/** source → (f_i_a, f_i_b) → u_i → … 30 times → output: 2^30 paths from source to output. */
function diamondChain(n: number) {
  const nodes = [source('s', { key: 'id' })];
  const es = [];
  let prev = 's';
  for (let i = 0; i < n; i++) {
    nodes.push(filter(`a${i}`, rule('v', '>', i)), filter(`b${i}`, rule('v', '<', 1000 + i)), node(`u${i}`, 'union'));
    es.push(edge(prev, `a${i}`), edge(prev, `b${i}`), edge(`a${i}`, `u${i}`), edge(`b${i}`, `u${i}`));
    prev = `u${i}`;
  }
  nodes.push(output('out'));
  es.push(...chain(prev, 'out'));
  return doc(nodes, es);
}

describe('a chain of 30 diamonds (2^30 paths)', () => {
  it('validates with no problems and infers every node', () => {
    const analysis = analyzeWorkflow(diamondChain(30), { sources: { s: facts({ id: 'integer', v: 'integer' }) } });
    expect(analysis.problems).toEqual([]);
    expect(analysis.order).toHaveLength(30 * 3 + 2);
    // One column per name although every column arrives along 2^30 paths.
    expect(analysis.schemas.get('out')!.columns.map((c) => c.name)).toEqual(['id', 'v']);
  });

  it('walks upstream of the output over every node', () => {
    const d = diamondChain(30);
    const adj = buildAdjacency(d.nodes.map((n) => n.id), d.edges.map((e) => ({ ...e, targetPort: e.targetPort ?? 'in' })));
    expect(upstreamOf(adj, ['out']).size).toBe(30 * 3 + 1);
    expect(findCycles(adj)).toEqual([]);
  });
});
