import { describe, expect, it } from 'vitest';
import { CONTROLS, fitViewport, MINIMAP, onScreen, type Rect } from './fit-graph.ts';

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Rect, pane: { width: number; height: number }) => a.x >= 0 && a.y >= 0 && a.x + a.width <= pane.width && a.y + a.height <= pane.height;

// The loyalty demo's extent (eight columns of steps) and a small one.
const graphs: Rect[] = [
  { x: 0, y: 0, width: 1820 + 230, height: 390 + 62 },
  { x: 40, y: -30, width: 700, height: 200 },
  { x: 0, y: 0, width: 300, height: 1200 },
];
// The canvas at 1024×768 with folded side panels, at 1440×900 and at 1920×1080 with both open.
const panes = [{ width: 944, height: 420 }, { width: 884, height: 540 }, { width: 1364, height: 700 }, { width: 468, height: 330 }];

describe('fit view', () => {
  for (const pane of panes)
    for (const graph of graphs)
      it(`shows the whole ${graph.width}×${graph.height} graph in a ${pane.width}×${pane.height} canvas, clear of the minimap and zoom buttons`, () => {
        const view = fitViewport(graph, pane);
        const shown = onScreen(graph, view);
        if (view.zoom > 0.2) expect(inside(shown, pane)).toBe(true);
        expect(overlaps(shown, { x: pane.width - MINIMAP.width, y: pane.height - MINIMAP.height, ...MINIMAP })).toBe(false);
        expect(overlaps(shown, { x: 0, y: pane.height - CONTROLS.height, ...CONTROLS })).toBe(false);
      });

  it('does not blow a small graph up beyond a comfortable size', () => {
    expect(fitViewport({ x: 0, y: 0, width: 200, height: 60 }, { width: 1400, height: 700 }).zoom).toBe(1.1);
  });
});
