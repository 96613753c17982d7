import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useEditor } from '../../store/editor-provider.tsx';

/** The panel never gets smaller than its tabs and a few rows, the canvas never less than this. */
export const MIN_PANEL = 120;
const MIN_CANVAS = 160;
const STEP = 32;

/** Clamps a wanted panel height to what the space above it (panel and canvas together) allows. */
export function clampPanelHeight(wanted: number, space: number): number {
  return Math.max(MIN_PANEL, Math.min(wanted, Math.max(MIN_PANEL, space - MIN_CANVAS)));
}

/**
 * The bar on top of the panels under the canvas: dragged (or moved with the
 * arrow keys) it sets their height, like a split pane.
 */
export function PanelResizer({ panel }: { panel: () => HTMLElement | null }) {
  const setHeight = useEditor((s) => s.setPanelHeight);
  const start = useRef<{ y: number; height: number; space: number } | null>(null);
  // A separator that moves says where it stands: the panel's height in pixels.
  const wanted = useEditor((s) => s.panelHeight);
  const tall = useEditor((s) => s.panelTall);
  const [height, setMeasured] = useState(0);
  useLayoutEffect(() => setMeasured(Math.round(panel()?.getBoundingClientRect().height ?? 0)), [panel, wanted, tall]);

  const measure = () => {
    const el = panel();
    if (!el) return null;
    return { height: el.getBoundingClientRect().height, space: el.parentElement?.getBoundingClientRect().height ?? window.innerHeight };
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const m = measure();
    if (!m) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { y: e.clientY, ...m };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const s = start.current;
    if (s) setHeight(clampPanelHeight(s.height + (s.y - e.clientY), s.space));
  };
  const onPointerUp = () => void (start.current = null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const by = e.key === 'ArrowUp' ? STEP : e.key === 'ArrowDown' ? -STEP : 0;
    const m = by && measure();
    if (!m) return;
    e.preventDefault();
    setHeight(clampPanelHeight(m.height + by, m.space));
  };

  return (
    <div
      className="panel-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the panel"
      aria-valuenow={height}
      aria-valuemin={MIN_PANEL}
      aria-valuetext={`${height} pixels high`}
      title="Drag to make the panel taller or smaller"
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
