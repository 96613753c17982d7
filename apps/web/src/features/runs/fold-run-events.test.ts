import type { RunEvent } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { emptyRunView, foldRunEvents } from './use-run-stream.ts';

const at = (s: number) => new Date(Date.UTC(2024, 6, 1, 10, 0, s)).toISOString();
/** A run whose `scores` branch failed, then a retry that reran only that branch: one log, two run-finished. */
const events = [
  { type: 'run-started', runId: 'r', mode: 'hybrid', partitions: 1, asOf: '2024-07-01', nodes: { people: 1, out_people: 1, scores: 1, out_scores: 1 }, stages: [] },
  { type: 'node-started', nodeId: 'people' },
  { type: 'node-succeeded', nodeId: 'people', rows: 400, ms: 5 },
  { type: 'node-succeeded', nodeId: 'out_people', rows: 400, ms: 5, segment: { name: 'people', count: 400, path: 'outputs/r/people.csv' } },
  { type: 'node-failed', nodeId: 'scores', ms: 5, error: 'Conversion Error (after 3 attempts)' },
  { type: 'node-skipped', nodeId: 'out_scores', reason: 'An upstream node did not finish.' },
  { type: 'run-finished', status: 'partial', segments: { people: { count: 400, path: 'outputs/r/people.csv' } }, ms: 50 },
  { type: 'run-resumed', completed: ['people', 'out_people'] },
  { type: 'node-started', nodeId: 'scores' },
  { type: 'node-succeeded', nodeId: 'scores', rows: 30000, ms: 9 },
  { type: 'node-succeeded', nodeId: 'out_scores', rows: 30000, ms: 9, segment: { name: 'scores', count: 30000, path: 'outputs/r/scores.csv' } },
  { type: 'run-finished', status: 'succeeded', segments: { people: { count: 400, path: 'outputs/r/people.csv' }, scores: { count: 30000, path: 'outputs/r/scores.csv' } }, ms: 90 },
].map((e, i) => ({ seq: i + 1, at: at(i), ...e }) as RunEvent);

describe('foldRunEvents', () => {
  it('folds a retried run to its last outcome, keeping the steps that had finished', () => {
    const view = foldRunEvents(emptyRunView('r'), events);
    expect(view.state.status).toBe('succeeded');
    expect(view.timeline.resumedAt).toEqual([Date.parse(at(7))]);
    expect(view.state.nodes.people).toMatchObject({ status: 'succeeded', rows: 400, startedAt: at(1) });
    expect(view.state.nodes.scores).toMatchObject({ status: 'succeeded', rows: 30000 });
    expect(Object.keys(view.state.segments)).toEqual(['people', 'scores']);
  });

  it('gives the same view whether the events come at once, in batches, or twice', () => {
    const once = foldRunEvents(emptyRunView('r'), events);
    const batched = [events.slice(0, 7), events.slice(5, 9), events.slice(9)].reduce(foldRunEvents, emptyRunView('r'));
    expect(batched).toEqual(once);
    expect(foldRunEvents(once, events)).toBe(once);
  });

  it('stops waiting for a retry once the resumed events arrive', () => {
    const partial = foldRunEvents(emptyRunView('r'), events.slice(0, 7));
    expect(partial.state.status).toBe('partial');
    const waiting = { ...partial, resuming: true };
    expect(foldRunEvents(waiting, []).resuming).toBe(true);
    const resumed = foldRunEvents(waiting, events.slice(7, 9));
    expect(resumed).toMatchObject({ resuming: false, state: { status: 'running' } });
    expect(resumed.state.nodes.scores.status).toBe('running');
    expect(resumed.state.nodes.out_people.status).toBe('succeeded');
  });
});
