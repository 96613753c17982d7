import { describe, expect, it } from 'vitest';
import { normaliseCompare } from './compare.queries.ts';

describe('normaliseCompare', () => {
  it('reads the server’s per-mode record and projection', () => {
    const result = normaliseCompare({
      sample: 0.1,
      modes: { sequential: { ms: 120, stages: [] }, parallel: { ms: 80, stages: [] }, hybrid: { ms: 70, stages: [] } } as never,
      projection: { sequential: 1200, parallel: 800, hybrid: 700 },
    });
    expect(result.sampleFraction).toBe(0.1);
    expect(result.modes).toEqual([
      { mode: 'sequential', measuredMs: 120, projectedMs: 1200, stages: [] },
      { mode: 'parallel', measuredMs: 80, projectedMs: 800, stages: [] },
      { mode: 'hybrid', measuredMs: 70, projectedMs: 700, stages: [] },
    ]);
  });
});
