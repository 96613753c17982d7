// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunCompareTable } from './RunCompareTable.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = '2026-12-07T10:00:00.000Z';
const head = (id: string) => ({ id, version: 1, status: 'succeeded', mode: 'hybrid', asOf: '2025-12-31', createdAt: at, finishedAt: at, ms: 10 });
const row = (nodeId: string, label: string, kind: string) => ({ nodeId, label, kind, a: 10, b: 12, statusA: 'succeeded', statusB: 'succeeded', inA: true, inB: true, diff: 2, changePct: 20 });

describe('two runs compared', () => {
  it('names each step by its label, adding its kind only when the label does not say it', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(JSON.stringify({
      a: head('run_a'), b: head('run_b'), segments: [],
      nodes: [row('filter_1', 'Filter', 'filter'), row('filter_2', 'Filter 2', 'filter'), row('vip', 'Big spenders', 'filter'), row('out', 'Segment output', 'output')],
    }), { status: 200, headers: { 'content-type': 'application/json' } }))));
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <RunCompareTable a="run_a" b="run_b" labelOf={(id) => id} />
      </QueryClientProvider>,
    );
    const table = within(await screen.findByTestId('run-compare'));
    expect(table.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual(['Filter', 'Filter 2', 'Big spenders Filter', 'Segment output']);
  });
});
