import { initialRunState, type Problem, type RunState, type Workflow } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, evaluateRun, type FinishedRun } from './evaluate-run.ts';

const csv = (segment: string) => ({ type: 'csv', path: `${segment}.csv` });
const document: Workflow = {
  schemaVersion: 1, name: 'alerts', edges: [],
  nodes: [
    { id: 'src', kind: 'source', label: 'Shop customers', config: {} },
    { id: 'out_a', kind: 'output', config: { segment: 'a', destination: csv('a'), expect: { min: 100, max: 200 } } },
    { id: 'out_b', kind: 'output', config: { segment: 'b', destination: csv('b') } },
  ],
};

function state(segments: Record<string, number>, nodes: Record<string, { rows?: number; status?: string; problems?: Problem[] }> = {}): RunState {
  const base = initialRunState('run_1');
  return {
    ...base,
    status: 'succeeded',
    segments: Object.fromEntries(Object.entries(segments).map(([name, count]) => [name, { count, path: `outputs/${name}.csv` }])),
    nodes: Object.fromEntries(
      Object.entries(nodes).map(([id, n]) => [id, { status: (n.status ?? 'succeeded') as never, rows: n.rows ?? 0, ms: 1, partitionCount: 1, partitions: {}, problems: n.problems ?? [], attempts: 1, progress: 1 }]),
    ),
  };
}

const run = (s: RunState, status: FinishedRun['status'] = 'succeeded', note: string | null = null): FinishedRun => ({ status, document, state: s, note });
const kinds = (alerts: { kind: string; subject: string }[]) => alerts.map((a) => `${a.kind}:${a.subject}`);

describe('alerts of a finished run', () => {
  it('raises nothing for a run that is fine', () => {
    expect(evaluateRun(run(state({ a: 150, b: 10 })), undefined, DEFAULT_ALERT_SETTINGS)).toEqual([]);
  });

  it('flags a segment outside its expected range, above or below', () => {
    const low = evaluateRun(run(state({ a: 12, b: 10 })), undefined, DEFAULT_ALERT_SETTINGS);
    expect(low).toMatchObject([{ kind: 'segment_out_of_range', subject: 'a', message: 'Segment a has 12 customers, below the expected 100–200.' }]);
    expect(evaluateRun(run(state({ a: 201 })), undefined, DEFAULT_ALERT_SETTINGS)[0].message).toMatch(/above the expected/);
  });

  it('flags an enforced range that failed the output, from its problem', () => {
    const problem: Problem = { severity: 'error', code: 'segment_size', message: 'Segment "a" has 12 customers, outside the expected 100–200: nothing was delivered.', nodeId: 'out_a' };
    const alerts = evaluateRun(run(state({}, { out_a: { status: 'failed', problems: [problem] } }), 'partial'), undefined, DEFAULT_ALERT_SETTINGS);
    expect(kinds(alerts)).toEqual(['run_partial:', 'segment_out_of_range:a']);
    expect(alerts[0].message).toMatch(/^The run partly failed: Segment output 'out_a'/);
  });

  it('flags a change from the previous successful run beyond the output’s threshold only', () => {
    const settings = { ...DEFAULT_ALERT_SETTINGS, outputs: { a: { maxChangePct: 40 }, b: { maxChangePct: 40 } } };
    const alerts = evaluateRun(run(state({ a: 110, b: 70 })), state({ a: 190, b: 100 }), settings);
    expect(alerts).toMatchObject([{ kind: 'segment_change', subject: 'a', details: { before: 190, after: 110, changePct: -42.1, maxChangePct: 40 } }]);
    expect(alerts[0].message).toBe('Segment a fell 42.1% (190 → 110) since the previous successful run; more than the 40% allowed.');
    expect(evaluateRun(run(state({ a: 150, b: 5 })), state({ a: 150, b: 0 }), settings)[0].message).toMatch(/grew from nothing/);
    expect(evaluateRun(run(state({ a: 110 })), undefined, settings)).toEqual([]);
  });

  it('flags a failed run', () => {
    expect(evaluateRun(run(state({}), 'failed', 'The run stopped: disk full'), undefined, DEFAULT_ALERT_SETTINGS)).toMatchObject([
      { kind: 'run_failed', severity: 'critical', message: 'The run failed: The run stopped: disk full' },
    ]);
    expect(evaluateRun(run(state({}), 'cancelled'), undefined, DEFAULT_ALERT_SETTINGS)).toEqual([]);
  });

  it('reads counts written with grouping commas, and names failed steps by their labels', () => {
    const nodes = { src: { rows: 90_000, status: 'failed', problems: [{ severity: 'warning', code: 'duplicate_key', message: '10,000 rows repeat a "id" seen before: one row per customer is kept.', nodeId: 'src' } as Problem] } };
    const alerts = evaluateRun(run(state({ a: 150 }, nodes), 'failed'), undefined, DEFAULT_ALERT_SETTINGS);
    expect(alerts.map((a) => a.message)).toEqual([
      "The run failed: 'Shop customers': failed",
      "10,000 of 100,000 rows (10.0%) at 'Shop customers' repeated a key and were dropped; the threshold is 5%.",
    ]);
  });

  it('flags data-quality warnings above the threshold, summed over partitions, as a share of the rows read', () => {
    const warn = (code: Problem['code'], message: string, field?: string): Problem => ({ severity: 'warning', code, message, nodeId: 'src', ...(field ? { field } : {}) });
    const nodes = {
      src: { rows: 90, status: 'warning', problems: [warn('duplicate_key', '4 rows repeated a key and were dropped (one row kept per key).'), warn('duplicate_key', '4 rows repeated a key and were dropped (one row kept per key).'), warn('missing_key', '2 rows with an empty key were dropped.'), warn('invalid_value', '1 values of "age" could not be read and are empty.', 'age')] },
    };
    const alerts = evaluateRun(run(state({ a: 150 }, nodes)), undefined, DEFAULT_ALERT_SETTINGS);
    expect(kinds(alerts)).toEqual(['data_quality:src:duplicate_key:']);
    expect(alerts[0].message).toBe("8 of 100 rows (8.0%) at 'Shop customers' repeated a key and were dropped; the threshold is 5%.");
    expect(kinds(evaluateRun(run(state({ a: 150 }, nodes)), undefined, { ...DEFAULT_ALERT_SETTINGS, dataQualityThreshold: 0.5 }))).toEqual([
      'data_quality:src:duplicate_key:', 'data_quality:src:missing_key:', 'data_quality:src:invalid_value:age',
    ]);
  });
});
