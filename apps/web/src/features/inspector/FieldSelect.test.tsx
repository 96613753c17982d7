// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FieldSelect, SEARCH_FROM, type ColumnOption } from './FieldSelect.tsx';

afterEach(cleanup);

const options = () => within(screen.getByRole('combobox', { name: 'Field' })).getAllByRole('option');

describe('FieldSelect', () => {
  it('groups columns by where they come from, with a type sign and the name in words', () => {
    const columns: ColumnOption[] = [
      { name: 'last_order_date', type: 'date', group: 'Computed' },
      { name: 'email', type: 'string', group: 'Profile' },
      { name: 'tier', type: 'string', group: 'From lookup' },
    ];
    render(<FieldSelect columns={columns} value="email" label="Field" onChange={() => {}} />);
    const groups = within(screen.getByRole('combobox', { name: 'Field' })).getAllByRole('group');
    expect(groups.map((g) => g.getAttribute('label'))).toEqual(['Profile', 'Computed', 'From lookup']);
    expect(options().map((o) => o.textContent)).toEqual(['Aa email', '📅 last order date (last_order_date)', 'Aa tier']);
  });

  it('narrows a long list with a search box, keeping the chosen column', () => {
    const columns: ColumnOption[] = Array.from({ length: SEARCH_FROM + 1 }, (_, i) => ({ name: `col_${i}`, type: 'integer' }));
    columns.push({ name: 'lifetime_value', type: 'number' });
    render(<FieldSelect columns={columns} value="col_3" label="Field" onChange={() => {}} />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search field' }), { target: { value: 'lifetime value' } });
    expect(options().map((o) => (o as HTMLOptionElement).value)).toEqual(['col_3', 'lifetime_value']);
  });

  it('has no search box for a short list', () => {
    render(<FieldSelect columns={[{ name: 'a', type: 'string' }]} value="a" label="Field" onChange={() => {}} />);
    expect(screen.queryByRole('searchbox')).toBeNull();
  });
});
