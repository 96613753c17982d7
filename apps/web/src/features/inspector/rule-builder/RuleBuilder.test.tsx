// @vitest-environment jsdom
import { operatorsFor, type ConditionGroup } from '@segflow/engine';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleBuilder } from './RuleBuilder.tsx';
import type { FieldOption } from './rule-logic.ts';

const fields: FieldOption[] = [
  { name: 'Income', type: 'number' },
  { name: 'Education', type: 'string' },
  { name: 'Joined', type: 'date' },
];

let latest: ConditionGroup | undefined;
function Harness({ initial }: { initial?: ConditionGroup }) {
  const [value, setValue] = useState<ConditionGroup | undefined>(initial);
  return <RuleBuilder value={value} fields={fields} onChange={(v) => { latest = v; setValue(v); }} />;
}

afterEach(() => {
  cleanup();
  latest = undefined;
});

const optionValues = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => (o as HTMLOptionElement).value);

describe('RuleBuilder', () => {
  it('offers only the columns at the node, and operators suited to the chosen column', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Rule' }));
    expect(optionValues(screen.getByRole('combobox', { name: 'Field' }))).toEqual(['Income', 'Education', 'Joined']);
    expect(optionValues(screen.getByRole('combobox', { name: 'Operator' }))).toEqual(operatorsFor('number'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Field' }), { target: { value: 'Joined' } });
    expect(optionValues(screen.getByRole('combobox', { name: 'Operator' }))).toEqual(operatorsFor('date'));
    expect(latest?.rules[0]).toMatchObject({ field: 'Joined' });
  });

  it('keeps a rule on a column no longer available visible: its field marked, its operator and value shown and editable', () => {
    render(<Harness initial={{ combinator: 'and', rules: [{ field: 'spend_365d', operator: '>', value: 500 }, { field: 'tier', operator: 'in', value: ['gold'] }] }} />);
    const [spend, tier] = screen.getAllByTestId('rule-row');
    expect(within(spend).getByRole('combobox', { name: 'Field' })).toHaveProperty('value', 'spend_365d');
    expect(within(spend).getByRole('combobox', { name: 'Operator' })).toHaveProperty('value', '>');
    const amount = within(spend).getByRole('spinbutton');
    expect(amount).toHaveProperty('value', '500');
    expect(within(tier).getByRole('button', { name: 'Remove gold' })).toBeTruthy();
    fireEvent.change(amount, { target: { value: '750' } });
    expect(latest?.rules[0]).toMatchObject({ field: 'spend_365d', value: 750 });
  });

  it('gives a list input for "is one of" and stores typed values', () => {
    render(<Harness initial={{ combinator: 'and', rules: [{ field: 'Education', operator: '=', value: 'PhD' }] }} />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Operator' }), { target: { value: 'in' } });
    expect(latest?.rules[0]).toMatchObject({ operator: 'in', value: ['PhD'] });
    fireEvent.change(screen.getByRole('textbox', { name: 'Values' }), { target: { value: 'Master, Basic,' } });
    expect(latest?.rules[0]).toMatchObject({ value: ['PhD', 'Master', 'Basic'] });
  });

  it('gives two inputs for a range and a days input for relative dates, with typed values', () => {
    render(<Harness initial={{ combinator: 'and', rules: [{ field: 'Income', operator: 'between', value: [null, null] }, { field: 'Joined', operator: 'withinLastDays', value: 30 }] }} />);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'From' }), { target: { value: '1000' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'To' }), { target: { value: '5000' } });
    expect(latest?.rules[0]).toMatchObject({ value: [1000, 5000] });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Days' }), { target: { value: '90' } });
    expect(latest?.rules[1]).toMatchObject({ value: 90 });
  });

  it('nests groups and switches a group to OR or NOT', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Group' }));
    const groups = screen.getAllByTestId('rule-group');
    expect(groups).toHaveLength(2);
    fireEvent.change(within(groups[1]).getAllByRole('combobox', { name: 'Match' })[0], { target: { value: 'not-or' } });
    expect(latest?.rules[0]).toMatchObject({ combinator: 'or', not: true });
    fireEvent.click(within(groups[1]).getByRole('button', { name: 'Remove group' }));
    expect(latest?.rules).toEqual([]);
  });
});
