import { describe, expect, it } from 'vitest';
import { modeMeasurements } from './compare.queries.ts';

const timing = (ms: number) => ({ ms, readMs: 10, stages: [], segments: { a: 1 }, status: 'succeeded' });

describe('modeMeasurements', () => {
  it('reads the server’s per-mode record and projection as one list, in the engine’s order', () => {
    const result = modeMeasurements({
      sample: 0.1, partitions: null, asOf: '2022-06-30', note: '',
      modes: { hybrid: timing(70), sequential: timing(120), parallel: timing(80) },
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
