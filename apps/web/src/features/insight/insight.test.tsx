// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Schema } from '@segflow/engine';
import { binLabel, breakdownBars } from './breakdown-bars.ts';
import { firstColumn } from './BreakdownView.tsx';
import { distinctNames, regionLabel, regionSentences } from './overlap-words.ts';
import { VennChart } from './VennChart.tsx';
import { vennLayout } from './venn-layout.ts';

afterEach(cleanup);

describe('overlap in words', () => {
  it('says only, both and all the way a marketer would', () => {
    expect(regionLabel([0], ['VIP', 'Recent'])).toBe('Only in VIP');
    expect(regionLabel([0, 1], ['VIP', 'Recent'])).toBe('In both');
    expect(regionLabel([0, 1, 2], ['VIP', 'Recent', 'Big'])).toBe('In all 3');
    expect(regionLabel([0, 2], ['VIP', 'Recent', 'Big'])).toBe('In VIP and Big, not Recent');
    expect(regionLabel([1], ['A', 'B', 'C', 'D'])).toBe('Only in B');
    expect(regionLabel([0, 1], ['A', 'B', 'C', 'D'])).toBe('In A and B, not C or D');
  });

  it('lists regions largest first with their counts', () => {
    const lines = regionSentences([{ sets: [0], count: 1204 }, { sets: [1], count: 12 }, { sets: [0, 1], count: 310 }], ['VIP', 'Recent']);
    expect(lines.map((l) => `${l.label}: ${l.count}`)).toEqual(['Only in VIP: 1,204', 'In both: 310', 'Only in Recent: 12']);
  });

  it('tells apart steps with the same name', () => {
    expect(distinctNames(['Filter', 'VIP', 'Filter'])).toEqual(['Filter (1)', 'VIP', 'Filter (2)']);
  });
});

describe('breakdown bars', () => {
  it('labels values, then other values and no value', () => {
    const bars = breakdownBars({ kind: 'values', column: 'opt_in', type: 'boolean', rows: 10, empty: 1, others: 0, values: [{ value: true, count: 6 }, { value: false, count: 3 }] });
    expect(bars).toEqual([{ label: 'Yes', count: 6 }, { label: 'No', count: 3 }, { label: 'No value', count: 1, extra: true }]);
    const text = breakdownBars({ kind: 'values', column: 'country', type: 'string', rows: 10, empty: 0, others: 4, values: [{ value: 'US', count: 6 }] });
    expect(text.at(-1)).toEqual({ label: 'Other values', count: 4, extra: true });
  });

  it('labels a histogram bar by its range, a single whole number by itself', () => {
    expect(binLabel(300, 350, false)).toBe('300 – 350');
    expect(binLabel(1500, 2000, false)).toBe('1,500 – 2,000');
    expect(binLabel(3, 4, true)).toBe('3');
    expect(binLabel('2025-01-01', '2025-02-01', true)).toBe('2025-01-01 – 2025-02-01');
  });
});

describe('Venn diagram', () => {
  it('places every region of three sets inside the drawing, apart from each other', () => {
    const layout = vennLayout(3, 330, 220);
    const points = Object.values(layout.regions);
    expect(points).toHaveLength(7);
    for (const p of points) expect(p.x > 0 && p.x < 330 && p.y > 0 && p.y < 220).toBe(true);
    for (const a of points) for (const b of points) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(20);
  });

  it('draws a circle per step with each step’s name and each region’s count', () => {
    const { container } = render(<VennChart names={['VIP', 'Recent']} regions={[{ sets: [0], count: 1204 }, { sets: [1], count: 55 }, { sets: [0, 1], count: 310 }]} />);
    const text = [...container.querySelectorAll('text')].map((t) => t.textContent);
    expect(text).toEqual(expect.arrayContaining(['VIP', 'Recent', '1,204', '55', '310']));
    expect(container.querySelectorAll('circle').length).toBeGreaterThanOrEqual(2);
  });
});

describe('the column first shown', () => {
  it('is the newest column a step has, never its key', () => {
    const schema = { kind: 'population', key: 'customer_id', columns: [{ name: 'customer_id', type: 'string' }, { name: 'email', type: 'string' }, { name: 'spend', type: 'number' }, { name: 'tier', type: 'string' }] } as unknown as Schema;
    expect(firstColumn(schema)).toBe('tier');
    expect(firstColumn({ ...schema, columns: schema.columns.slice(0, 1) })).toBe('customer_id');
  });
});
