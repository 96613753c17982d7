// @vitest-environment jsdom
import type { Schema } from '@segflow/engine';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorStoreProvider } from '../../store/editor-provider.tsx';
import { createEditorStore } from '../../store/editor-store.ts';
import { DescriptorForm } from './DescriptorForm.tsx';

const customers: Schema = {
  kind: 'population', key: 'id',
  columns: [{ name: 'id', type: 'integer', origin: 's' }, { name: 'spend', type: 'number', origin: 's' }, { name: 'city', type: 'string', origin: 's' }],
};
const events: Schema = {
  kind: 'events', key: 'id', timestamp: 'ts',
  columns: [{ name: 'id', type: 'integer', origin: 'e' }, { name: 'ts', type: 'date', origin: 'e' }, { name: 'amount', type: 'number', origin: 'e' }, { name: 'shop', type: 'string', origin: 'e' }],
};

let latest: Record<string, unknown> = {};
function Harness({ kind, initial }: { kind: string; initial: Record<string, unknown> }) {
  const [config, setConfig] = useState(initial);
  const replace = (next: Record<string, unknown>) => { latest = next; setConfig(next); };
  const set = (patch: Record<string, unknown>) => replace({ ...config, ...patch });
  // Some widgets read the graph around the node (the filter's inputs): an empty editor here.
  const [store] = useState(createEditorStore);
  return (
    <EditorStoreProvider store={store}>
      <DescriptorForm nodeId="n" kind={kind} config={config} set={set} replace={replace} inputs={{ in: [customers], events: [events] }} />
    </EditorStoreProvider>
  );
}

afterEach(() => {
  cleanup();
  latest = {};
});

const options = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => (o as HTMLOptionElement).value);

describe('DescriptorForm', () => {
  it('draws a kind from its descriptors, showing a field only while its rule holds', () => {
    render(<Harness kind="rank" initial={{ as: 'rank', fn: 'percent_rank', by: '' }} />);
    expect(screen.getByRole('textbox', { name: 'New column name' })).toHaveProperty('value', 'rank');
    expect(options(screen.getByRole('combobox', { name: 'Rank by' }))).toEqual(['', 'id', 'spend', 'city']);
    expect(screen.queryByRole('spinbutton', { name: 'Buckets' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Rank as' }), { target: { value: 'ntile' } });
    // The buckets field appears with its initial value, and the chosen option's help shows.
    expect(screen.getByRole('spinbutton', { name: 'Buckets' })).toHaveProperty('value', '10');
    expect(latest).toEqual({ as: 'rank', fn: 'ntile', by: '', buckets: 10 });
    expect(screen.getByText('Bucket 1 holds the first customers in the order above.')).toBeTruthy();
  });

  it('offers the event columns that suit the figure, and forgets the column of a figure without one', () => {
    render(<Harness kind="aggregate" initial={{ as: 'spent', fn: 'sum', column: 'amount' }} />);
    expect(options(screen.getByRole('combobox', { name: 'Event column' }))).toEqual(['id', 'amount']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Figure' }), { target: { value: 'max' } });
    expect(options(screen.getByRole('combobox', { name: 'Event column' }))).toEqual(['id', 'ts', 'amount', 'shop']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Figure' }), { target: { value: 'count' } });
    expect(screen.queryByRole('combobox', { name: 'Event column' })).toBeNull();
    expect(latest).toEqual({ as: 'spent', fn: 'count' });
  });

  it('names the special widgets: the rule builder for a filter', () => {
    render(<Harness kind="filter" initial={{ condition: { combinator: 'and', rules: [] } }} />);
    expect(screen.getByRole('button', { name: 'Rule' })).toBeTruthy();
  });

  it('sets nested settings, and a checkbox that only shows with a limit', () => {
    render(<Harness kind="output" initial={{ segment: 'vip', destination: { type: 'csv', path: 'vip.csv' } }} />);
    expect(screen.queryByRole('checkbox', { name: 'Fail the step instead of warning' })).toBeNull();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'At most' }), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Fail the step instead of warning' }));
    expect(latest.expect).toEqual({ max: 100, enforce: true });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'At most' }), { target: { value: '' } });
    expect(latest).toEqual({ segment: 'vip', destination: { type: 'csv', path: 'vip.csv' } });
  });
});
