import { describe, expect, it } from 'vitest';
import { clampPanelHeight, MIN_PANEL } from './PanelResizer.tsx';

describe('panel height', () => {
  it('keeps the panel and the canvas above it usable', () => {
    expect(clampPanelHeight(400, 700)).toBe(400);
    expect(clampPanelHeight(650, 700)).toBe(540);
    expect(clampPanelHeight(20, 700)).toBe(MIN_PANEL);
    expect(clampPanelHeight(300, 200)).toBe(MIN_PANEL);
  });
});
