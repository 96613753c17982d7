import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_SIZE } from './auto-layout.ts';
import { placeNewStep } from './place-new-step.ts';

const node = (id: string, kind: string, x: number, y: number, selected = false) => ({ id, position: { x, y }, selected, data: { kind } });
const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.abs(a.x - b.x) < DEFAULT_NODE_SIZE.width && Math.abs(a.y - b.y) < DEFAULT_NODE_SIZE.height;

describe('placeNewStep', () => {
  it('puts a step after the selected one that can feed it, on its right, wired into the port taking its data', () => {
    const nodes = [node('people', 'source', 0, 0, true), node('events', 'events', 0, 200)];
    const place = placeNewStep(nodes, 'aggregate', { x: 900, y: 900 });
    expect(place.after).toEqual({ source: 'people', port: 'in' });
    expect(place.at.y).toBe(0);
    expect(place.at.x).toBeGreaterThan(DEFAULT_NODE_SIZE.width);
    expect(placeNewStep([node('events', 'events', 0, 0, true)], 'aggregate', { x: 0, y: 0 }).after).toEqual({ source: 'events', port: 'events' });
  });

  it('lands in the middle of the view with nothing selected, several selected, or a selected step that cannot feed it', () => {
    const centre = { x: 500, y: 300 };
    const middle = { x: 500 - DEFAULT_NODE_SIZE.width / 2, y: 300 - DEFAULT_NODE_SIZE.height / 2 };
    expect(placeNewStep([], 'filter', centre)).toEqual({ at: middle });
    expect(placeNewStep([node('a', 'filter', 0, 0, true), node('b', 'filter', 0, 300, true)], 'filter', centre)).toEqual({ at: middle });
    expect(placeNewStep([node('out', 'output', 0, 0, true)], 'filter', centre)).toEqual({ at: middle });
    expect(placeNewStep([node('f', 'filter', 0, 0, true)], 'source', centre)).toEqual({ at: middle });
  });

  it('steps past a card as tall as it is drawn, not as a default card', () => {
    const tall = { ...node('f', 'filter', 400, 250), measured: { width: 210, height: 95 } };
    const { at } = placeNewStep([tall], 'filter', { x: 500, y: 300 });
    expect(at.y).toBeGreaterThanOrEqual(250 + 95);
  });

  it('steps down past every step it would cover, however many clicks in a row', () => {
    const nodes: ReturnType<typeof node>[] = [];
    for (let i = 0; i < 6; i++) {
      const { at } = placeNewStep(nodes, 'filter', { x: 500, y: 300 });
      for (const other of nodes) expect(overlaps(at, other.position)).toBe(false);
      nodes.push(node(`f${i}`, 'filter', at.x, at.y));
    }
  });
});
