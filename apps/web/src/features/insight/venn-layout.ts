/** Where a Venn diagram's circles and region counts go, in pixels of a `width` × `height` drawing. */
export interface VennLayout {
  radius: number;
  circles: { x: number; y: number; nameX: number; nameY: number }[];
  /** The centre of each region, keyed by its sets joined with commas ("0", "0,1", "0,1,2"). */
  regions: Record<string, { x: number; y: number }>;
}

/**
 * Fixed, not area-proportional: every region stays big enough for its count,
 * which matters more to a reader than areas that match (the counts say the sizes).
 */
export function vennLayout(sets: 2 | 3, width: number, height: number): VennLayout {
  const cx = width / 2;
  if (sets === 2) {
    const radius = Math.min(height * 0.42, width * 0.24);
    const cy = height / 2 + 8;
    const dx = radius * 0.62;
    return {
      radius,
      circles: [
        { x: cx - dx, y: cy, nameX: cx - dx - radius * 0.45, nameY: cy - radius - 2 },
        { x: cx + dx, y: cy, nameX: cx + dx + radius * 0.45, nameY: cy - radius - 2 },
      ],
      regions: { '0': { x: cx - dx - radius * 0.45, y: cy }, '1': { x: cx + dx + radius * 0.45, y: cy }, '0,1': { x: cx, y: cy } },
    };
  }
  const radius = Math.min(height * 0.3, width * 0.18);
  const d = radius * 0.62;
  const cy = height / 2 + 10;
  const top = { x: cx, y: cy - d * 0.85 };
  const left = { x: cx - d, y: cy + d * 0.6 };
  const right = { x: cx + d, y: cy + d * 0.6 };
  const mid = (a: { x: number; y: number }, b: { x: number; y: number }, away: { x: number; y: number }) => ({
    x: (a.x + b.x) / 2 + ((a.x + b.x) / 2 - away.x) * 0.35,
    y: (a.y + b.y) / 2 + ((a.y + b.y) / 2 - away.y) * 0.35,
  });
  const centre = { x: cx, y: (top.y + left.y + right.y) / 3 };
  const outward = (p: { x: number; y: number }) => ({ x: p.x + (p.x - centre.x) * 0.75, y: p.y + (p.y - centre.y) * 0.75 });
  return {
    radius,
    circles: [
      { ...top, nameX: top.x, nameY: top.y - radius - 4 },
      { ...left, nameX: left.x - radius * 0.7, nameY: left.y + radius + 14 },
      { ...right, nameX: right.x + radius * 0.7, nameY: right.y + radius + 14 },
    ],
    regions: {
      '0': outward(top),
      '1': outward(left),
      '2': outward(right),
      '0,1': mid(top, left, right),
      '0,2': mid(top, right, left),
      '1,2': mid(left, right, top),
      '0,1,2': centre,
    },
  };
}
