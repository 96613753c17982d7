import { describe, expect, it } from 'vitest';
import type { Problem } from '../model/problem.ts';
import { initialRunState, reduceRunEvent, reduceRunEvents, type RunState } from './reduce-run-event.ts';
import type { RunEvent, RunEventInput } from './run-events.ts';

/** Stamps events with seq 1, 2, … and one second apart. */
function stamp(inputs: RunEventInput[], from = 1): RunEvent[] {
  return inputs.map((e, i) => ({ ...e, seq: from + i, at: new Date(Date.UTC(2024, 0, 1, 0, 0, from + i)).toISOString() }) as RunEvent);
}

const started: RunEventInput = {
  type: 'run-started', runId: 'r1', mode: 'parallel', partitions: 3, asOf: '2024-01-01',
  nodes: { src: 1, f: 3, out: 1 }, stages: [{ id: 's1', nodes: ['src'], partitioned: false, dependsOn: [] }],
};
const warn: Problem = { severity: 'warning', code: 'missing_key', message: '2 rows dropped', nodeId: 'src' };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('reduceRunEvent', () => {
  it('starts queued and becomes running with every node pending', () => {
    expect(initialRunState('r1')).toMatchObject({ runId: 'r1', status: 'queued', lastSeq: 0, nodes: {}, segments: {} });
    const state = reduceRunEvents(stamp([started]));
    expect(state).toMatchObject({ status: 'running', mode: 'parallel', partitions: 3, asOf: '2024-01-01', lastSeq: 1 });
    expect(state.nodes.f).toMatchObject({ status: 'pending', partitionCount: 3, rows: 0, progress: 0 });
    expect(state.stages).toEqual(started.type === 'run-started' ? started.stages : []);
  });

  it('keeps a partitioned node running until every partition has finished, summing rows', () => {
    const events = stamp([
      started,
      { type: 'node-started', nodeId: 'f', partition: 0 },
      { type: 'node-started', nodeId: 'f', partition: 1 },
      { type: 'node-succeeded', nodeId: 'f', partition: 1, rows: 10, ms: 5 },
      { type: 'node-started', nodeId: 'f', partition: 2 },
      { type: 'node-succeeded', nodeId: 'f', partition: 0, rows: 7, ms: 5 },
    ]);
    const partway = reduceRunEvents(events);
    expect(partway.nodes.f).toMatchObject({ status: 'running', rows: 17 });
    expect(partway.nodes.f.progress).toBeCloseTo(2 / 3);
    const done = reduceRunEvents(stamp([{ type: 'node-succeeded', nodeId: 'f', partition: 2, rows: 3, ms: 5 }], 7), partway);
    expect(done.nodes.f).toMatchObject({ status: 'succeeded', rows: 20, progress: 1 });
    // From the first start (second 2) to the last finish (second 7).
    expect(done.nodes.f.ms).toBe(5000);
    expect(done.nodes.f.startedAt).toBe(events[1].at);
  });

  it('fails a node when any partition fails, whatever the others do', () => {
    const state = reduceRunEvents(stamp([
      started,
      { type: 'node-started', nodeId: 'f', partition: 0 },
      { type: 'node-failed', nodeId: 'f', partition: 0, error: 'boom', ms: 1 },
      { type: 'node-started', nodeId: 'f', partition: 1 },
      { type: 'node-succeeded', nodeId: 'f', partition: 1, rows: 4, ms: 1 },
    ]));
    expect(state.nodes.f).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('marks a node skipped, with the reason, and warning with its problems', () => {
    const state = reduceRunEvents(stamp([
      started,
      { type: 'node-started', nodeId: 'src' },
      { type: 'node-warned', nodeId: 'src', rows: 5, ms: 2, problems: [warn] },
      ...[0, 1, 2].map((partition): RunEventInput => ({ type: 'node-skipped', nodeId: 'f', partition, reason: 'upstream failed' })),
    ]));
    expect(state.nodes.src).toMatchObject({ status: 'warning', rows: 5, problems: [warn] });
    expect(state.nodes.f).toMatchObject({ status: 'skipped', error: 'upstream failed' });
  });

  it('records a delivered segment and the run\'s end', () => {
    const state = reduceRunEvents(stamp([
      started,
      { type: 'node-started', nodeId: 'out' },
      { type: 'node-succeeded', nodeId: 'out', rows: 12, ms: 3, segment: { name: 'vip', count: 12, path: '/tmp/vip.csv' } },
      { type: 'run-finished', status: 'succeeded', segments: { vip: { count: 12, path: '/tmp/vip.csv' } }, ms: 99 },
    ]));
    expect(state).toMatchObject({ status: 'succeeded', ms: 99, segments: { vip: { count: 12, path: '/tmp/vip.csv' } } });
    expect(state.finishedAt).toBeDefined();
  });

  it('tracks progress, never backwards, and retries', () => {
    const running = reduceRunEvents(stamp([
      started,
      { type: 'node-started', nodeId: 'out' },
      { type: 'node-progress', nodeId: 'out', fraction: 0.6 },
      { type: 'node-progress', nodeId: 'out', fraction: 0.4 },
    ]));
    expect(running.nodes.out).toMatchObject({ status: 'running', progress: 0.6 });
    const retrying = reduceRunEvents(stamp([{ type: 'node-retrying', nodeId: 'out', attempt: 2, error: 'disk full' }], 5), running);
    expect(retrying.nodes.out).toMatchObject({ status: 'retrying', attempts: 2, error: 'disk full' });
  });

  it('ignores events it has already seen: replaying a stream changes nothing', () => {
    const events = stamp([
      started,
      { type: 'node-started', nodeId: 'src' },
      { type: 'node-succeeded', nodeId: 'src', rows: 5, ms: 2 },
      { type: 'node-started', nodeId: 'out' },
      { type: 'node-failed', nodeId: 'out', error: 'x', ms: 1 },
    ]);
    const once = reduceRunEvents(events);
    expect(reduceRunEvents([...events, ...events])).toEqual(once);
    expect(reduceRunEvents(events, once)).toBe(once);
    // A late duplicate of an old event does not undo the failure.
    expect(reduceRunEvent(once, events[2])).toBe(once);
  });

  it('on resume, keeps the completed nodes and resets the others to pending', () => {
    const failed = reduceRunEvents(stamp([
      started,
      { type: 'node-started', nodeId: 'src' },
      { type: 'node-succeeded', nodeId: 'src', rows: 5, ms: 2 },
      { type: 'node-started', nodeId: 'out' },
      { type: 'node-failed', nodeId: 'out', error: 'x', ms: 1 },
      { type: 'run-finished', status: 'failed', segments: {}, ms: 9 },
    ]));
    const resumed = reduceRunEvents(stamp([{ type: 'run-resumed', completed: ['src'] }], failed.lastSeq + 1), failed);
    expect(resumed.status).toBe('running');
    expect(resumed.nodes.src).toEqual(failed.nodes.src);
    expect(resumed.nodes.out).toMatchObject({ status: 'pending', partitionCount: 1, problems: [] });
    expect(resumed.nodes.out.error).toBeUndefined();
  });

  it('never changes the state it is given', () => {
    let state: RunState = deepFreeze(initialRunState('r1'));
    for (const event of stamp([
      started,
      { type: 'node-started', nodeId: 'f', partition: 0 },
      { type: 'node-warned', nodeId: 'f', partition: 0, rows: 1, ms: 1, problems: [warn] },
      { type: 'node-skipped', nodeId: 'out', reason: 'x' },
      { type: 'run-finished', status: 'partial', segments: {}, ms: 1 },
    ])) state = deepFreeze(reduceRunEvent(state, event));
    expect(state.status).toBe('partial');
  });
});
