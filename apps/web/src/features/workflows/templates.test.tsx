// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../api/datasets.queries.ts';
import { NewWorkflowDialog } from './NewWorkflowDialog.tsx';
import { defaultPicks, templateDocument } from './template-choice.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const dataset = (name: string, columns: [string, string][]) => ({ name, format: 'csv', size: 100, modifiedAt: '2026-01-01T00:00:00Z', rows: 10, columns: columns.map(([n, type]) => ({ name: n, type })) });
const customers = dataset('customers.csv', [['customer_id', 'BIGINT'], ['country', 'VARCHAR'], ['signup_date', 'DATE'], ['email_opt_in', 'BOOLEAN']]);
const orders = dataset('orders.csv', [['customer_id', 'BIGINT'], ['order_date', 'DATE'], ['amount', 'DOUBLE'], ['channel', 'VARCHAR'], ['event_type', 'VARCHAR']]);
const visits = dataset('visits.csv', [['customer_id', 'BIGINT'], ['visited_at', 'TIMESTAMP']]);

function open(datasets: unknown[]) {
  vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(JSON.stringify({ datasets }), { status: 200, headers: { 'content-type': 'application/json' } }))));
  const onCreate = vi.fn();
  const wrap = (ui: ReactNode) => <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{ui}</QueryClientProvider>;
  render(wrap(<NewWorkflowDialog open busy={false} error={null} onCreate={onCreate} onClose={() => undefined} />));
  return onCreate;
}

describe('new workflow from a template', () => {
  it('guesses the profiles and the events among the datasets', () => {
    const list = [orders, customers].map((d) => ({ ...d, columns: d.columns.map((c) => ({ name: c.name, type: 'string' as const })) })) as Dataset[];
    expect(defaultPicks(list)).toEqual({ profiles: 'customers.csv', events: 'orders.csv' });
    expect(templateDocument(list, { templateId: null, profiles: 'customers.csv', events: 'orders.csv' }, 'x')).toBeUndefined();
  });

  it('creates the chosen template’s workflow only when confirmed, on the datasets picked', async () => {
    const onCreate = open([customers, orders]);
    fireEvent.change(screen.getByPlaceholderText(/Spring sale/), { target: { value: 'Spring VIPs' } });
    fireEvent.click(await screen.findByRole('radio', { name: /^VIP/, hidden: true }));
    expect(onCreate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Create workflow', hidden: true }));
    const [name, document] = onCreate.mock.calls[0];
    expect(name).toBe('Spring VIPs');
    expect(document.name).toBe('Spring VIPs');
    expect(document.nodes.find((n: { id: string }) => n.id === 'events').config).toEqual({ format: 'csv', path: 'orders.csv', key: 'customer_id', timestamp: 'order_date' });
    expect(document.nodes.some((n: { kind: string }) => n.kind === 'output')).toBe(true);
  });

  it('keeps a template that needs a missing column greyed, with the reason', async () => {
    open([customers, visits]);
    const vip = await screen.findByRole('radio', { name: /^VIP/, hidden: true });
    expect((vip as HTMLInputElement).disabled).toBe(true);
    expect(vip.closest('label')!.textContent).toContain('Not available with these datasets: Needs an amount column in the events');
    expect((screen.getByRole('radio', { name: /^Holdout experiment/, hidden: true }) as HTMLInputElement).disabled).toBe(false);
  });

  it('creates a blank workflow by default', async () => {
    const onCreate = open([customers, orders]);
    fireEvent.change(screen.getByPlaceholderText(/Spring sale/), { target: { value: 'Empty one' } });
    await screen.findByRole('radio', { name: /^VIP/, hidden: true });
    fireEvent.click(screen.getByRole('button', { name: 'Create workflow', hidden: true }));
    expect(onCreate).toHaveBeenCalledWith('Empty one', undefined, '');
  });
});
