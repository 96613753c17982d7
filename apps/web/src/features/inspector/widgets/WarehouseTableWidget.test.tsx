// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadFromField, WarehouseTableFields } from './WarehouseTableWidget.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const respond = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const TABLES = {
  truncated: false,
  tables: [
    { name: 'crm.big_spenders', kind: 'view', columns: [{ name: 'customer_id', type: 'integer' }, { name: 'amount', type: 'number' }] },
    { name: 'public.orders', kind: 'table', columns: [{ name: 'order_ref', type: 'string' }, { name: 'buyer', type: 'integer' }, { name: 'placed_at', type: 'timestamp' }] },
  ],
};

/** The server as the browser sees it: connection names only, and one connection's tables. */
const server = () => vi.fn((url: string) => {
  if (url === '/api/connections') return respond(200, { connections: [{ name: 'dw', createdAt: new Date().toISOString(), createdBy: 'usr_1' }] });
  if (url === '/api/connections/dw/tables') return respond(200, TABLES);
  return respond(404, { error: { code: 'not_found', message: 'There is nothing at this address.' } });
});

let latest: Record<string, unknown> = {};
function Harness({ events, initial }: { events: boolean; initial: Record<string, unknown> }) {
  const [config, setConfig] = useState(initial);
  const set = (patch: Record<string, unknown>) => {
    const next = Object.fromEntries(Object.entries({ ...config, ...patch }).filter(([, v]) => v !== undefined));
    latest = next;
    setConfig(next);
  };
  return (
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ReadFromField config={config} set={set} />
      {config.format === 'postgres' && <WarehouseTableFields events={events} config={config} set={set} />}
    </QueryClientProvider>
  );
}

const options = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => o.textContent);
const values = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => (o as HTMLOptionElement).value).filter(Boolean);

describe('reading a warehouse table in the inspector', () => {
  it('switches a profiles step from a dataset to a table of a stored connection, then picks its key from the table', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    render(<Harness events={false} initial={{ format: 'csv', path: 'people.csv', key: 'id' }} />);
    const readFrom = await screen.findByRole('combobox', { name: 'Read from' });
    expect(options(readFrom)).toEqual(['An uploaded dataset', 'A table in dw']);
    fireEvent.change(readFrom, { target: { value: 'connection:dw' } });
    expect(latest).toEqual({ format: 'postgres', key: 'id', connection: 'dw', table: '' });

    const table = screen.getByRole('combobox', { name: 'Table' });
    await waitFor(() => expect(options(table)).toEqual(['Choose a table…', 'crm.big_spenders (view) · 2 columns', 'public.orders · 3 columns']));
    fireEvent.change(table, { target: { value: 'crm.big_spenders' } });
    // The key the step had is not in the table: the first column that can be a key is taken.
    expect(latest).toEqual({ format: 'postgres', key: 'customer_id', connection: 'dw', table: 'crm.big_spenders' });
    expect(values(screen.getByRole('combobox', { name: 'Key column' }))).toEqual(['customer_id']);
    expect(screen.getByRole('combobox', { name: 'Duplicate keys' })).toBeTruthy();
    // Only names travel: the browser never asks for anything that could carry the URL.
    expect(fetch.mock.calls.map(([url]) => url).sort()).toEqual(['/api/connections', '/api/connections/dw/tables']);

    fireEvent.change(screen.getByRole('combobox', { name: 'Read from' }), { target: { value: 'dataset' } });
    expect(latest).toEqual({ format: 'csv', key: 'customer_id', path: '' });
  });

  it('offers an events step the table\'s key and time columns', async () => {
    vi.stubGlobal('fetch', server());
    render(<Harness events initial={{ format: 'postgres', connection: 'dw', table: '', key: 'customer_id', timestamp: 'event_time' }} />);
    const table = screen.getByRole('combobox', { name: 'Table' });
    await waitFor(() => expect(options(table)).toContain('public.orders · 3 columns'));
    fireEvent.change(table, { target: { value: 'public.orders' } });
    expect(latest).toMatchObject({ table: 'public.orders', key: 'order_ref', timestamp: 'placed_at' });
    expect(values(screen.getByRole('combobox', { name: 'Key column' }))).toEqual(['order_ref', 'buyer']);
    expect(values(screen.getByRole('combobox', { name: 'Event time column' }))).toEqual(['placed_at']);
  });

  it('shows no choice when no connection is stored, and says so when the tables cannot be listed', async () => {
    vi.stubGlobal('fetch', vi.fn((url: string) => url === '/api/connections'
      ? respond(200, { connections: [] })
      : respond(502, { error: { code: 'warehouse_unreachable', message: 'Cannot list the tables: the connection "dw" failed: could not connect to the database' } })));
    const { unmount } = render(<Harness events={false} initial={{ format: 'csv', path: '', key: 'id' }} />);
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    expect(screen.queryByRole('combobox', { name: 'Read from' })).toBeNull();
    unmount();
    render(<Harness events={false} initial={{ format: 'postgres', connection: 'dw', table: 'crm.gone', key: 'id' }} />);
    expect(await screen.findByText('Cannot list the tables: the connection "dw" failed: could not connect to the database')).toBeTruthy();
    // A document naming a connection still shows it, even when the list does not have it.
    expect(options(screen.getByRole('combobox', { name: 'Read from' }))).toEqual(['An uploaded dataset', 'A table in dw']);
  });
});
