// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LastFiring } from './SchedulesPanel.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = '2026-12-07T10:00:00.000Z';
const run = (status: string) => ({
  id: 'run_1', version: 1, status, mode: 'hybrid', partitions: 2, asOf: '2026-12-07', createdAt: at, startedAt: at, finishedAt: at, ms: 10, note: null,
  retryable: false, segments: {}, workflowId: 'wf_1', problems: [], prunedAt: null, delivered: 0, stages: [], nodes: {}, lastSeq: 3,
});

describe('a schedule\'s last occurrence', () => {
  it('shows the run it started as that run ended, so a failed run is not shown as "ran"', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(JSON.stringify(run('failed')), { status: 200, headers: { 'content-type': 'application/json' } }))));
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <LastFiring firing={{ occurrence: at, firstOccurrence: at, covers: 1, outcome: 'started', runId: 'run_1', message: null, at }} />
      </QueryClientProvider>,
    );
    expect(await screen.findByText('failed')).toBeTruthy();
    expect(screen.queryByText('ran')).toBeNull();
  });
});
