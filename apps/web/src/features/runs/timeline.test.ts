import type { RunEvent } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { emptyTimeline, reduceTimeline, timelineRows } from './timeline.ts';

const t0 = Date.parse('2024-06-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms).toISOString();
let seq = 0;
const ev = (ms: number, e: Record<string, unknown>) => ({ seq: ++seq, at: at(ms), ...e }) as RunEvent;

describe('reduceTimeline', () => {
  it('keeps one bar per node and partition, from start to finish', () => {
    seq = 0;
    const events = [
      ev(0, { type: 'run-started', runId: 'r', mode: 'parallel', partitions: 2, asOf: '2024-06-01', nodes: { src: 1, f: 2 }, stages: [] }),
      ev(5, { type: 'node-started', nodeId: 'src' }),
      ev(40, { type: 'node-succeeded', nodeId: 'src', rows: 100, ms: 35 }),
      ev(41, { type: 'node-started', nodeId: 'f', partition: 1 }),
      ev(42, { type: 'node-started', nodeId: 'f', partition: 0 }),
      ev(60, { type: 'node-retrying', nodeId: 'f', partition: 0, attempt: 2, error: 'busy' }),
      ev(70, { type: 'node-succeeded', nodeId: 'f', partition: 1, rows: 20, ms: 29 }),
      ev(90, { type: 'node-warned', nodeId: 'f', partition: 0, rows: 25, ms: 48, problems: [] }),
      ev(95, { type: 'run-finished', status: 'succeeded', segments: {}, ms: 95 }),
    ];
    const t = events.reduce(reduceTimeline, emptyTimeline());
    expect(t.startedAt).toBe(t0);
    expect(t.finishedAt).toBe(t0 + 95);
    const rows = timelineRows(t, ['src', 'f']);
    expect(rows.map((r) => r.nodeId)).toEqual(['src', 'f']);
    expect(rows[0].bars).toEqual([{ nodeId: 'src', partition: null, start: t0 + 5, end: t0 + 40, status: 'succeeded', rows: 100 }]);
    expect(rows[1].bars.map((b) => [b.partition, b.start - t0, b.end! - t0, b.status])).toEqual([
      [0, 42, 90, 'warning'],
      [1, 41, 70, 'succeeded'],
    ]);
  });

  it('ignores events it has already seen', () => {
    seq = 0;
    const start = ev(0, { type: 'node-started', nodeId: 'a' });
    const done = ev(10, { type: 'node-succeeded', nodeId: 'a', rows: 1, ms: 10 });
    const once = [start, done].reduce(reduceTimeline, emptyTimeline());
    expect([start, done, start].reduce(reduceTimeline, once)).toBe(once);
  });

  it('draws a skipped node as a mark at the moment it was skipped', () => {
    seq = 0;
    const t = reduceTimeline(emptyTimeline(), ev(30, { type: 'node-skipped', nodeId: 'x', reason: 'upstream failed' }));
    expect(t.bars['x\u0000all']).toMatchObject({ start: t0 + 30, end: t0 + 30, status: 'skipped' });
  });
});

describe('reduceTimeline on resume', () => {
  it('keeps the bars of completed steps and drops the others', () => {
    seq = 0;
    const t = [
      ev(0, { type: 'run-started', runId: 'r', mode: 'sequential', partitions: 1, asOf: '2024-06-01', nodes: { a: 1, b: 1 }, stages: [] }),
      ev(1, { type: 'node-started', nodeId: 'a' }),
      ev(2, { type: 'node-succeeded', nodeId: 'a', rows: 1, ms: 1 }),
      ev(3, { type: 'node-started', nodeId: 'b' }),
      ev(9, { type: 'run-resumed', completed: ['a'] }),
    ].reduce(reduceTimeline, emptyTimeline());
    expect(Object.values(t.bars).map((b) => b.nodeId)).toEqual(['a']);
  });
});
