import type { WorkflowInput } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../api/workflows.queries.ts';
import { baselineRun, sameAsOf, segmentChanges } from './segment-changes.ts';

const run = (id: string, status: RunSummary['status'], startedAt: string, version: number | null, segments: Record<string, number>): RunSummary => ({
  id, status, startedAt, version, segments, mode: 'hybrid', partitions: 2, asOf: '2024-06-01', createdAt: startedAt, finishedAt: null, ms: null, note: null, retryable: false,
});
const runs: RunSummary[] = [
  run('r3', 'failed', '2024-06-03T00:00:00Z', 2, {}),
  run('r2', 'succeeded', '2024-06-02T00:00:00Z', null, { vip: 90 }),
  run('r1', 'succeeded', '2024-06-01T00:00:00Z', 2, { vip: 80, gone: 5 }),
];

describe('segment changes', () => {
  it('compares with the last finished run of the published version', () => {
    expect(baselineRun(runs, 2)?.id).toBe('r1');
    expect(baselineRun(runs, undefined)?.id).toBe('r2');
  });

  it('pairs the draft’s outputs (preview) with the baseline’s segments', () => {
    const doc: WorkflowInput = { schemaVersion: 1, nodes: [{ id: 'o', kind: 'output', config: { segment: 'vip' } }, { id: 'n', kind: 'output', config: { segment: 'new' } }] };
    const changes = segmentChanges(doc, { o: { rows: 100, exact: true, kind: 'exact' } }, baselineRun(runs, 2));
    expect(changes).toEqual([
      { segment: 'vip', before: 80, after: { rows: 100, exact: true, kind: 'exact' }, words: 'Customers' },
      { segment: 'new', after: undefined, words: 'Customers' },
      { segment: 'gone', before: 5 },
    ]);
  });

  it('says who is in each segment, read along its path', () => {
    const doc: WorkflowInput = {
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'source', config: { path: 'customers.csv', key: 'id' } },
        { id: 'f', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'email', operator: 'notNull' }] } } },
        { id: 'o', kind: 'output', config: { segment: 'reachable' } },
      ],
      edges: [{ source: 'c', target: 'f' }, { source: 'f', target: 'o' }],
    };
    expect(segmentChanges(doc, {}, undefined)[0].words).toBe('Customers whose email is not empty');
  });
});

describe('comparing sizes across as-of dates', () => {
  it('compares only sizes counted as of the same day, an empty date being today', () => {
    expect(sameAsOf('2025-12-31', '2025-12-31')).toBe(true);
    expect(sameAsOf('2025-12-31', '2025-11-30')).toBe(false);
    expect(sameAsOf('2026-01-05', '', '2026-01-05')).toBe(true);
    expect(sameAsOf('2025-12-31', '', '2026-01-05')).toBe(false);
  });
});
