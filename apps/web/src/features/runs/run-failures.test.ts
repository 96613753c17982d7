import { reduceRunEvents, type RunEvent } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { failedOnSizeOnly, runFailures, runNotes } from './run-failures.ts';

const at = '2024-07-01T10:00:00.000Z';
let seq = 0;
const e = (event: Record<string, unknown>) => ({ seq: ++seq, at, ...event }) as RunEvent;

describe('runFailures', () => {
  it('lists failed steps with their first error line and attempts, then the skipped ones, in canvas order', () => {
    seq = 0;
    const state = reduceRunEvents([
      e({ type: 'run-started', runId: 'r', mode: 'hybrid', partitions: 1, asOf: '2024-07-01', nodes: { a: 1, b: 1, out_b: 1, c: 1 }, stages: [] }),
      e({ type: 'node-succeeded', nodeId: 'a', rows: 3, ms: 1 }),
      e({ type: 'node-retrying', nodeId: 'b', attempt: 2, error: 'Conversion Error' }),
      e({ type: 'node-failed', nodeId: 'b', ms: 5, error: 'Conversion Error: CSV Error on Line: 29001\n  file = scores.csv (after 3 attempts)' }),
      e({ type: 'node-skipped', nodeId: 'out_b', reason: 'An upstream node did not finish.' }),
      e({ type: 'node-failed', nodeId: 'c', ms: 1, error: 'Disk full' }),
      e({ type: 'run-finished', status: 'partial', segments: {}, ms: 9 }),
    ]);
    expect(runFailures(state, ['c', 'a', 'b', 'out_b'])).toEqual({
      failed: [
        { nodeId: 'c', message: 'Disk full', detail: 'Disk full' },
        { nodeId: 'b', message: 'Conversion Error: CSV Error on Line: 29001', detail: expect.stringContaining('file = scores.csv'), attempts: 3 },
      ],
      skipped: ['out_b'],
    });
  });

  it('finds nothing in a run that succeeded', () => {
    seq = 0;
    const state = reduceRunEvents([
      e({ type: 'run-started', runId: 'r', mode: 'sequential', partitions: 1, asOf: '2024-07-01', nodes: { a: 1 }, stages: [] }),
      e({ type: 'node-succeeded', nodeId: 'a', rows: 3, ms: 1 }),
      e({ type: 'run-finished', status: 'succeeded', segments: {}, ms: 2 }),
    ]);
    expect(runFailures(state)).toEqual({ failed: [], skipped: [] });
  });
});

describe('runNotes', () => {
  it('tells the problems of every step in canvas order, less the error a failure line already tells', () => {
    seq = 0;
    const size = 'Segment "vip" has 8,996 customers, outside the expected 100–5,000: nothing was delivered.';
    const state = reduceRunEvents([
      e({ type: 'run-started', runId: 'r', mode: 'sequential', partitions: 1, asOf: '2024-07-01', nodes: { src: 1, out: 1 }, stages: [] }),
      e({ type: 'node-warned', nodeId: 'src', rows: 3, ms: 1, problems: [{ severity: 'warning', code: 'missing_key', message: '2 rows have no key.', nodeId: 'src' }] }),
      e({ type: 'node-failed', nodeId: 'out', ms: 1, error: size, problems: [{ severity: 'error', code: 'segment_size', message: size, nodeId: 'out' }, { severity: 'error', code: 'other', message: 'Something else.', nodeId: 'out' }] }),
      e({ type: 'run-finished', status: 'failed', segments: {}, ms: 2 }),
    ]);
    const { failed } = runFailures(state, ['out', 'src']);
    expect(failed).toEqual([{ nodeId: 'out', message: size, detail: size }]);
    expect(runNotes(state, failed, ['out', 'src']).map(({ nodeId, problem }) => [nodeId, problem.message])).toEqual([['out', 'Something else.'], ['src', '2 rows have no key.']]);
  });
});

describe('failedOnSizeOnly', () => {
  const run = (...failures: Record<string, unknown>[]) => {
    seq = 0;
    return reduceRunEvents([
      e({ type: 'run-started', runId: 'r', mode: 'sequential', partitions: 1, asOf: '2024-07-01', nodes: { a: 1, b: 1 }, stages: [] }),
      ...failures.map((f) => e({ type: 'node-failed', ms: 1, ...f })),
      e({ type: 'run-finished', status: 'failed', segments: {}, ms: 2 }),
    ]);
  };
  const size = { severity: 'error', code: 'segment_size', message: 'too big', nodeId: 'a' };
  it('is true only when every failed step failed on its expected size', () => {
    expect(failedOnSizeOnly(run({ nodeId: 'a', error: 'too big', problems: [size] }))).toBe(true);
    expect(failedOnSizeOnly(run({ nodeId: 'a', error: 'too big', problems: [size] }, { nodeId: 'b', error: 'Disk full' }))).toBe(false);
    expect(failedOnSizeOnly(run({ nodeId: 'b', error: 'Disk full' }))).toBe(false);
    expect(failedOnSizeOnly(run())).toBe(false);
  });
});
