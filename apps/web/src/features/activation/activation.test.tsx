// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DryRunButton } from './DryRunButton.tsx';
import { MemberLookup } from './MemberLookup.tsx';
import { SegmentChangesTable } from './SegmentChangesTable.tsx';
import { SuppressionPanel } from './SuppressionPanel.tsx';
import type { HistoryRun } from '../../api/history.queries.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const respond = (status: number, body?: unknown) =>
  Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const wrap = (ui: ReactNode) => render(<QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{ui}</QueryClientProvider>);

describe('dry run', () => {
  it('shows new, leaving and staying customers per segment, suppressed ones and a size outside the range', async () => {
    const fetch = vi.fn(() => respond(200, {
      workflowId: 'wf_1', version: 2,
      segments: [{
        nodeId: 'out', segment: 'vip', count: 1200, suppressed: 3, entered: 250, exited: 50, unchanged: 950, baseRunId: 'run_1', previousCount: 1000,
        expect: { max: 1000 }, outsideExpected: '1200 customers is above the expected 0–1000.', samples: { entered: ['7', '9'], exited: ['4'], unchanged: ['1'] },
      }],
    }));
    vi.stubGlobal('fetch', fetch);
    wrap(<DryRunButton workflowId="wf_1" version={2} />);
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    const table = within(await screen.findByTestId('dry-run'));
    expect(table.getByText('250').getAttribute('title')).toBe('For example: 7, 9');
    expect(table.getByText('3 suppressed')).toBeTruthy();
    expect(table.getByText('+200 since last time')).toBeTruthy();
    expect(table.getByText('1200 customers is above the expected 0–1000.')).toBeTruthy();
    expect(fetch).toHaveBeenCalledWith('/api/workflows/wf_1/dry-run', expect.objectContaining({ method: 'POST', body: JSON.stringify({ version: 2 }) }));
  });
});

describe('dry run of the draft on screen', () => {
  it('saves the draft first, then asks as of the day on screen', async () => {
    const order: string[] = [];
    const fetch = vi.fn(() => {
      order.push('dry run');
      return respond(200, { workflowId: 'wf_1', version: null, segments: [] });
    });
    vi.stubGlobal('fetch', fetch);
    const save = vi.fn(async () => void order.push('saved'));
    wrap(<DryRunButton workflowId="wf_1" asOf="2025-12-24" beforeRun={save} />);
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    expect(await screen.findByText('No segment would be delivered.')).toBeTruthy();
    expect(order).toEqual(['saved', 'dry run']);
    expect(fetch).toHaveBeenCalledWith('/api/workflows/wf_1/dry-run', expect.objectContaining({ body: JSON.stringify({ asOf: '2025-12-24' }) }));
  });
});

describe('membership history', () => {
  it('looks a customer up and tells when they joined and left each segment', async () => {
    vi.stubGlobal('fetch', vi.fn(() => respond(200, {
      workflowId: 'wf_1', key: '42',
      segments: [{ nodeId: 'out', segment: 'vip', member: false, runs: 3, events: [
        { runId: 'run_a', version: 1, at: '2026-01-01T00:00:00Z', change: 'entered' },
        { runId: 'run_b', version: 1, at: '2026-02-01T00:00:00Z', change: 'exited' },
      ] }],
    })));
    wrap(<MemberLookup workflowId="wf_1" />);
    fireEvent.change(screen.getByLabelText('Customer key'), { target: { value: '42' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    const timeline = within(await screen.findByTestId('member-timeline'));
    expect(timeline.getByText('Not in the segment')).toBeTruthy();
    expect(timeline.getByText(/run run_a, v1/)).toBeTruthy();
    expect(timeline.getByText(/^Left/)).toBeTruthy();
  });

  it('lists joined and left counts per run next to the size', () => {
    const run = { id: 'r1', version: 1, createdAt: '2026-01-01T00:00:00Z', startedAt: null, segments: { vip: 900 }, changes: { vip: { entered: 120, exited: 20, suppressed: 4 } } } as unknown as HistoryRun;
    wrap(<SegmentChangesTable runs={[run]} />);
    const row = within(screen.getByTestId('segment-changes')).getAllByRole('row')[1];
    expect(within(row).getAllByRole('cell').map((c) => c.textContent).slice(1)).toEqual(['vip', '900', '120', '20', '4']);
  });
});

describe('suppression lists', () => {
  it('marks a dataset with its key and expiry columns', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    vi.stubGlobal('fetch', vi.fn((url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const list = { dataset: 'optouts.csv', key: 'id', reason: null, expires: 'until', createdAt: '2026-01-01T00:00:00Z', createdBy: 'usr_1' };
      return init?.method === 'PUT' ? respond(200, list) : respond(200, { lists: [] });
    }));
    wrap(<SuppressionPanel datasets={[{ name: 'optouts.csv', columns: [{ name: 'id', type: 'string' }, { name: 'until', type: 'date' }] }]} />);
    await screen.findByText('No suppression list yet.');
    fireEvent.change(screen.getByLabelText('Dataset'), { target: { value: 'optouts.csv' } });
    fireEvent.change(screen.getByLabelText('Customer key column'), { target: { value: 'id' } });
    fireEvent.change(screen.getByLabelText('Until (date column)'), { target: { value: 'until' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use as suppression list' }));
    await vi.waitFor(() => expect(calls.some((c) => c.init?.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.init?.method === 'PUT')!;
    expect(put.url).toBe('/api/suppression-lists/optouts.csv');
    expect(JSON.parse(String(put.init!.body))).toEqual({ key: 'id', reason: null, expires: 'until' });
  });
});
