import { describe, expect, it } from 'vitest';
import { moveEdge } from './move-edge.ts';

const edge = (id: string, target: string, targetHandle = 'in') => ({ id, target, targetHandle });
const edges = [edge('a', 'p'), edge('x', 'other'), edge('b', 'p'), edge('m', 'p', 'minus'), edge('c', 'p')];
const ids = (list: { id: string }[]) => list.map((e) => e.id);

describe('moveEdge', () => {
  it('swaps an input with the one before or after it into the same port, leaving the others in place', () => {
    expect(ids(moveEdge(edges, 'b', -1))).toEqual(['b', 'x', 'a', 'm', 'c']);
    expect(ids(moveEdge(edges, 'b', 1))).toEqual(['a', 'x', 'c', 'm', 'b']);
  });

  it('does nothing past either end or for an unknown edge', () => {
    expect(ids(moveEdge(edges, 'a', -1))).toEqual(ids(edges));
    expect(ids(moveEdge(edges, 'c', 1))).toEqual(ids(edges));
    expect(ids(moveEdge(edges, 'nope', 1))).toEqual(ids(edges));
  });
});
