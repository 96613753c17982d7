import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@segflow/engine';
import { followRun } from './follow-run.ts';
import { runEventHub } from './run-event-hub.ts';
import type { SseStream } from './sse-stream.ts';

const event = (seq: number, type: RunEvent['type'] = 'node-started'): RunEvent =>
  (type === 'run-finished'
    ? { type, seq, at: '', status: 'succeeded', segments: {}, ms: 1 }
    : { type: 'node-started', nodeId: `n${seq}`, seq, at: '' }) as RunEvent;

function fakeStream() {
  const sent: number[] = [];
  let closed = false;
  const stream: SseStream = {
    send: (id) => void sent.push(id),
    comment: () => undefined,
    end: () => void (closed = true),
    get closed() {
      return closed;
    },
  };
  return { stream, sent };
}

describe('followRun', () => {
  it('sends events that arrive during the replay once, after the replayed ones, with no gap', () => {
    const hub = runEventHub();
    const { stream, sent } = fakeStream();
    const stored = [event(1), event(2), event(3)];
    followRun({
      runId: 'r', after: 0, hub, stream, finishedAt: () => undefined,
      // Event 3 is stored and published while the replay reads; 4 only published.
      stored: () => {
        hub.publish('r', event(3));
        hub.publish('r', event(4));
        return stored;
      },
    });
    hub.publish('r', event(5));
    expect(sent).toEqual([1, 2, 3, 4, 5]);
  });

  it('resumes after the client’s last id and ends after run-finished, unsubscribing', () => {
    const hub = runEventHub();
    const { stream, sent } = fakeStream();
    let finishedAt: number | undefined;
    const unsubscribe = followRun({ runId: 'r', after: 2, hub, stream, finishedAt: () => finishedAt, stored: (after) => [event(1), event(2), event(3)].filter((e) => e.seq > after) });
    // Stored (the row says finished) before published.
    finishedAt = 4;
    hub.publish('r', event(4, 'run-finished'));
    expect(sent).toEqual([3, 4]);
    expect(stream.closed).toBe(true);
    unsubscribe();
    expect(hub.subscribers('r')).toBe(0);
  });

  it('goes on past the run-finished of an earlier attempt of a retried run, to the last one', () => {
    const hub = runEventHub();
    const { stream, sent } = fakeStream();
    let finishedAt: number | undefined;
    const stored = [event(1), event(2, 'run-finished'), event(3)];
    followRun({ runId: 'r', after: 0, hub, stream, finishedAt: () => finishedAt, stored: () => stored });
    expect(sent).toEqual([1, 2, 3]);
    expect(stream.closed).toBe(false);
    finishedAt = 4;
    hub.publish('r', event(4, 'run-finished'));
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(stream.closed).toBe(true);
  });

  it('replays a finished retried run whole, ending after its last run-finished', () => {
    const { stream, sent } = fakeStream();
    followRun({ runId: 'r', after: 0, hub: runEventHub(), stream, finishedAt: () => 4, stored: () => [event(1), event(2, 'run-finished'), event(3), event(4, 'run-finished')] });
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(stream.closed).toBe(true);
  });

  it('ends at once when the run has finished and the client has everything', () => {
    const { stream, sent } = fakeStream();
    followRun({ runId: 'r', after: 9, hub: runEventHub(), stream, finishedAt: () => 9, stored: () => [] });
    expect(sent).toEqual([]);
    expect(stream.closed).toBe(true);
  });
});
