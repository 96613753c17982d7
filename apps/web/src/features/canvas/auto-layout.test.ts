import { describe, expect, it } from 'vitest';
import { layoutGraph, withPositions } from './auto-layout.ts';

describe('layoutGraph', () => {
  it('places each node right of what feeds it and keeps siblings apart', () => {
    const nodes = ['src', 'a', 'b', 'both', 'out'].map((id) => ({ id, width: 200, height: 60 }));
    const edges = [
      { source: 'src', target: 'a' },
      { source: 'src', target: 'b' },
      { source: 'a', target: 'both' },
      { source: 'b', target: 'both' },
      { source: 'both', target: 'out' },
    ];
    const p = layoutGraph(nodes, edges);
    for (const e of edges) expect(p[e.target].x).toBeGreaterThan(p[e.source].x + 200);
    expect(Math.abs(p.a.y - p.b.y)).toBeGreaterThanOrEqual(60);
    expect(p.a.x).toBe(p.b.x);
  });

  it('places nodes that are not connected too', () => {
    const p = layoutGraph([{ id: 'x' }, { id: 'y' }], []);
    expect(Object.keys(p)).toEqual(['x', 'y']);
  });
});

describe('withPositions', () => {
  it('lays out a document that has no positions and leaves a placed one alone', () => {
    const bare: { nodes: { id: string; position?: { x: number; y: number } }[]; edges: { source: string; target: string }[] } = {
      nodes: [{ id: 'a' }, { id: 'b' }],
      edges: [{ source: 'a', target: 'b' }],
    };
    const placed = withPositions(bare);
    expect(placed.nodes.every((n) => n.position)).toBe(true);
    expect(placed.nodes[1].position!.x).toBeGreaterThan(placed.nodes[0].position!.x);
    expect(withPositions(placed)).toBe(placed);
  });
});
