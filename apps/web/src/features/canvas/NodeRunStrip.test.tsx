// @vitest-environment jsdom
import { reduceRunEvents, type RunEvent } from '@segflow/engine';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeRunStrip } from './NodeRunStrip.tsx';

afterEach(cleanup);

const at = '2024-07-01T10:00:00.000Z';
const stateAfter = (...events: Record<string, unknown>[]) =>
  reduceRunEvents(
    [{ type: 'run-started', runId: 'r', mode: 'sequential', partitions: 1, asOf: '2024-07-01', nodes: { hook: 1 }, stages: [] }, ...events].map(
      (e, i) => ({ seq: i + 1, at, ...e }) as RunEvent,
    ),
  ).nodes.hook;

describe('NodeRunStrip', () => {
  it('says which attempt comes next, of how many, while a step waits to be retried', () => {
    render(<NodeRunStrip run={stateAfter({ type: 'node-started', nodeId: 'hook' }, { type: 'node-retrying', nodeId: 'hook', attempt: 2, error: '503' })} maxAttempts={3} />);
    expect(screen.getByTestId('node-run-status').textContent).toBe('retryingattempt 2 of 3');
  });

  it('shows the error of a step that gave up in its tooltip', () => {
    render(<NodeRunStrip run={stateAfter({ type: 'node-failed', nodeId: 'hook', ms: 1200, error: 'HTTP 503 (after 3 attempts)' })} maxAttempts={3} />);
    expect(screen.getByTestId('node-run-status').getAttribute('title')).toBe('HTTP 503 (after 3 attempts)');
  });
});
