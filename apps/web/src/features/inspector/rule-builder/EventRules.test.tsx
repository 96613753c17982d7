// @vitest-environment jsdom
import type { ColumnValues, ConditionGroup } from '@segflow/engine';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleBuilder } from './RuleBuilder.tsx';
import { RuleDataProvider, type RuleData } from './rule-data.tsx';
import type { FieldOption } from './rule-logic.ts';

const fields: FieldOption[] = [{ name: 'email', type: 'string' }, { name: 'income', type: 'number' }];
const eventFields: FieldOption[] = [{ name: 'order_date', type: 'date' }, { name: 'amount', type: 'number' }, { name: 'event_type', type: 'string' }];

/** What the server would say: event types with counts, and the spread of income. */
function values(nodeId: string, column: string): ColumnValues | undefined {
  if (nodeId === 'orders' && column === 'event_type')
    return { column, type: 'string', rows: 10, empty: 0, top: [{ value: 'purchase', count: 8 }, { value: 'refund', count: 2 }] };
  if (nodeId === 'customers' && column === 'income')
    return { column, type: 'number', rows: 4, empty: 0, top: [], min: 20000, median: 45000, max: 119000 };
  if (nodeId === 'customers' && column === 'email')
    return { column, type: 'string', rows: 4, empty: 1, top: [{ value: 'a@example.com', count: 1 }] };
  return undefined;
}

const DATA: RuleData = { fieldsNodeId: 'customers', events: { nodeId: 'orders', fields: eventFields }, useValues: values };

let latest: ConditionGroup | undefined;
function Harness({ initial, data = DATA }: { initial?: ConditionGroup; data?: RuleData }) {
  const [value, setValue] = useState<ConditionGroup | undefined>(initial);
  return (
    <RuleDataProvider value={data}>
      <RuleBuilder value={value} fields={fields} onChange={(v) => { latest = v; setValue(v); }} />
    </RuleDataProvider>
  );
}

afterEach(() => {
  cleanup();
  latest = undefined;
});

const purchase = { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'purchase' }] };

describe('rules on what customers did', () => {
  it('builds "did not purchase in the last 60 days" from the event types found in the data', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Did / did not' }));
    const row = screen.getByTestId('behaviour-rule');
    const event = within(row).getByRole('combobox', { name: 'Event' });
    expect(within(event).getAllByRole('option').map((o) => o.textContent)).toEqual(['any event', 'purchase (8)', 'refund (2)']);
    fireEvent.change(within(row).getByRole('combobox', { name: 'What they did' }), { target: { value: 'didNot' } });
    fireEvent.change(event, { target: { value: 'purchase' } });
    fireEvent.change(within(row).getByRole('spinbutton', { name: 'Days' }), { target: { value: '60' } });
    expect(latest?.rules[0]).toMatchObject({ behavior: { fn: 'count', where: purchase, withinDays: 60 }, operator: 'didNot' });
  });

  it('builds "total amount of purchases in the last 365 days is more than 500"', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Total / average' }));
    const row = screen.getByTestId('behaviour-rule');
    expect(within(row).getByRole('combobox', { name: 'Event amount' })).toHaveProperty('value', 'amount');
    fireEvent.change(within(row).getByRole('combobox', { name: 'Event' }), { target: { value: 'purchase' } });
    fireEvent.change(within(row).getByRole('spinbutton', { name: 'Value' }), { target: { value: '500' } });
    expect(latest?.rules[0]).toEqual({ id: expect.any(String), behavior: { fn: 'sum', column: 'amount', withinDays: 365, where: purchase }, operator: '>', value: 500 });
    // A total is never empty (0 without purchases): only comparisons are offered.
    const offered = within(within(row).getByRole('combobox', { name: 'Operator' })).getAllByRole('option').map((o) => (o as HTMLOptionElement).value);
    expect(offered.filter((op) => ['null', 'notNull', 'in', 'notIn'].includes(op))).toEqual([]);
    expect(offered).toEqual(expect.arrayContaining(['>', '>=', '=']));
    // Switching to "did" keeps the event and the window, and drops the comparison.
    fireEvent.change(within(row).getByRole('combobox', { name: 'What they did' }), { target: { value: 'did' } });
    expect(latest?.rules[0]).toEqual({ id: expect.any(String), behavior: { fn: 'count', withinDays: 365, where: purchase }, operator: 'did' });
  });

  it('builds "did purchase in the last 7 days, then did not refund within 2 days"', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Did … then …' }));
    const row = screen.getByTestId('sequence-rule');
    fireEvent.change(within(row).getByRole('combobox', { name: 'First event' }), { target: { value: 'purchase' } });
    fireEvent.change(within(row).getByRole('combobox', { name: 'Next event' }), { target: { value: 'refund' } });
    fireEvent.change(within(row).getByRole('spinbutton', { name: 'Within days' }), { target: { value: '3' } });
    expect(latest?.rules[0]).toMatchObject({
      sequence: { first: purchase, lookbackDays: 7, then: { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'refund' }] }, withinDays: 3 },
      operator: 'notFollowedBy',
    });
  });

  it('offers event rules only with an events input', () => {
    render(<Harness data={{ fieldsNodeId: 'customers', useValues: values }} />);
    expect(screen.queryByRole('button', { name: 'Did / did not' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Rule' })).toBeDefined();
  });

  it('shows min, median and max for a number and suggests frequent text values', () => {
    render(<Harness initial={{ combinator: 'and', rules: [{ field: 'income', operator: '>', value: 1 }, { field: 'email', operator: '=', value: '' }] }} />);
    expect(screen.getByTestId('value-spread').textContent).toBe('min 20,000 · median 45,000 · max 119,000');
    // An input with suggestions is a combobox to assistive technology.
    const text = screen.getByRole('combobox', { name: 'Value' });
    const list = document.getElementById(text.getAttribute('list')!)!;
    expect([...list.querySelectorAll('option')].map((o) => o.value)).toEqual(['a@example.com']);
  });

  it('suggests frequent values while typing a list too', () => {
    render(<Harness initial={{ combinator: 'and', rules: [{ field: 'email', operator: 'in', value: [] }] }} />);
    const box = screen.getByRole('combobox', { name: 'Values' });
    expect(document.getElementById(box.getAttribute('list')!)!.querySelector('option')!.value).toBe('a@example.com');
  });
});

describe('words for what the rules keep', () => {
  it('an aggregate\'s event rules keep events, not customers, and their hints count events', () => {
    const eventsOnly: RuleData = { fieldsNodeId: 'customers', rows: 'events', useValues: values };
    render(<Harness data={eventsOnly} initial={{ combinator: 'and', rules: [] }} />);
    expect(screen.getByTestId('rule-group').textContent).toContain('Keep events matching');
    expect(screen.getByText('No rules yet: every event counts.')).toBeTruthy();
    cleanup();
    render(<Harness data={eventsOnly} initial={{ combinator: 'and', rules: [{ field: 'email', operator: '=', value: '' }] }} />);
    const hints = [...document.querySelectorAll('datalist option')].map((o) => o.getAttribute('label'));
    expect(hints).toEqual(['1 event']);
  });

  it('a filter\'s rules keep customers', () => {
    render(<Harness initial={{ combinator: 'and', rules: [] }} />);
    expect(screen.getByTestId('rule-group').textContent).toContain('Keep customers matching');
  });
});
