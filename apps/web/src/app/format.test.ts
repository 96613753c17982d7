import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDay, formatDuration, formatWhen } from './format.ts';

describe('formatCount', () => {
  it('writes exact counts with separators and estimates with ≈, rounded', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(12345, false)).toBe('≈12,300');
    expect(formatCount(7, false)).toBe('≈7');
  });
});

describe('formatDuration', () => {
  it('picks the unit a person reads', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4230)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(undefined)).toBe('—');
  });
});

describe('formatBytes and formatWhen', () => {
  it('formats sizes and relative times', () => {
    expect(formatBytes(2_500_000)).toBe('2.4 MB');
    const now = Date.parse('2024-06-01T12:00:00Z');
    expect(formatWhen('2024-06-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatWhen(undefined, now)).toBe('—');
  });
});

describe('formatDay', () => {
  it('writes an as-of day as that calendar day', () => {
    expect(formatDay('2025-12-31')).toBe('31 Dec 2025');
    expect(formatDay(undefined)).toBe('—');
  });
});

describe('formatNumber and member cells', () => {
  it('shows huge numbers in full, with the same formatter everywhere', async () => {
    const { formatNumber } = await import('./format.ts');
    const { cellText } = await import('../features/preview/MembersPanel.tsx');
    expect(formatNumber(1e26)).toBe('100,000,000,000,000,000,000,000,000');
    expect(cellText(1e26)).toBe('100,000,000,000,000,000,000,000,000');
    expect(cellText(0.5)).toBe('0.5');
    expect(cellText('1e+26')).toBe('1e+26');
  });

  it('groups a column\'s numbers when its amounts reach 10,000, never ids or years, and alike on every row', async () => {
    const { cellText, groupedColumns } = await import('../features/preview/MembersPanel.tsx');
    const columns = ['year_birth', 'customer_id', 'spend', 'visits', 'yearly_spend'].map((name) => ({ name }));
    const rows = [
      { year_birth: 1991, customer_id: 120045, spend: 4500.5, visits: 12, yearly_spend: 45000 },
      { year_birth: 1984, customer_id: 7, spend: 45000, visits: 3, yearly_spend: 10 },
    ];
    const grouped = groupedColumns(columns, rows);
    expect([...grouped]).toEqual(['spend', 'yearly_spend']);
    expect(cellText(1991, grouped.has('year_birth'))).toBe('1991');
    expect(cellText(120045, grouped.has('customer_id'))).toBe('120045');
    expect(cellText(4500.5, grouped.has('spend'))).toBe('4,500.5');
    expect(cellText(12, grouped.has('visits'))).toBe('12');
  });
});

describe('one way to write a date', () => {
  it('a moment is its day as formatDay writes it, then the time', async () => {
    const { formatTime, formatDay, formatWhen } = await import('./format.ts');
    const moment = formatTime('2025-12-31T12:00:00Z');
    expect(moment).toMatch(/^31 Dec 2025, \d\d:\d\d$/);
    expect(moment.startsWith(formatDay('2025-12-31'))).toBe(true);
    expect(formatWhen('2024-01-01T12:00:00Z', Date.parse('2025-12-31T12:00:00Z'))).toBe('1 Jan 2024');
    expect(formatTime('not a date')).toBe('');
  });
});
