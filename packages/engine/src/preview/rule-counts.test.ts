import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../test/shared-paths.ts';
import { doc, edge, node } from '../../test/workflow-builders.ts';
import { createPreviewer } from './previewer.ts';

/*
 * Per-rule counts and column values are previews of the same document: each
 * count must equal the preview of the filter holding just those rules, and the
 * values must match a count made here over the CSV.
 */
const asOf = '2022-06-30';
const previewer = await createPreviewer({ resolvePath: (p) => join(DATASETS, p) });
afterAll(() => previewer.close());

const bigOrders = { combinator: 'and', rules: [{ field: 'quantity', operator: '>=', value: 2 }] };
const RULES = [
  { id: 'spent', behavior: { fn: 'sum', column: 'amount', where: bigOrders, withinDays: 365 }, operator: '>', value: 100 },
  { id: 'quiet', behavior: { fn: 'count', withinDays: 60 }, operator: 'didNot' },
  { id: 'cohort', field: 'cohort_month', operator: 'in', value: ['2021-01', '2021-02'] },
];
const withRules = (rules: unknown[], combinator = 'and') =>
  doc(
    [
      node('customers', 'source', { format: 'csv', path: 'cdnow_customers.csv', key: 'customer_id' }),
      node('orders', 'events', { format: 'csv', path: 'cdnow_orders.csv', key: 'customer_id', timestamp: 'order_date' }),
      node('audience', 'filter', { condition: { combinator, rules } }),
    ],
    [edge('customers', 'audience'), edge('orders', 'audience', 'events')],
  );
const countOf = async (rules: unknown[], combinator = 'and') => (await previewer.preview(withRules(rules, combinator), { asOf })).counts.audience.rows;

describe('rule counts', () => {
  it('gives each rule alone and what remains after it, the last being the filter itself', async () => {
    const counts = await previewer.ruleCounts(withRules(RULES), 'audience', { asOf });
    const customers = readFileSync(join(DATASETS, 'cdnow_customers.csv'), 'utf8').trim().split('\n').length - 1;
    expect(counts!.input).toBe(customers);
    expect(counts!.rules.map((r) => r.id)).toEqual(['spent', 'quiet', 'cohort']);
    for (const [i, rule] of counts!.rules.entries()) {
      expect(rule.alone).toBe(await countOf([RULES[i]]));
      expect(rule.remaining).toBe(await countOf(RULES.slice(0, i + 1)));
    }
    expect(counts!.rules[2].remaining).toBe(await countOf(RULES));
    expect(counts!.rules[0].remaining).toBeGreaterThan(counts!.rules[2].remaining!);
  });

  it('accumulates an OR filter the other way: what remains only grows', async () => {
    const counts = await previewer.ruleCounts(withRules(RULES, 'or'), 'audience', { asOf });
    const remaining = counts!.rules.map((r) => r.remaining!);
    expect(remaining).toEqual([...remaining].sort((a, b) => a - b));
    expect(remaining[2]).toBe(await countOf(RULES, 'or'));
  });

  it('is null for a node that is not a filter', async () => {
    expect(await previewer.ruleCounts(withRules(RULES), 'customers', { asOf })).toBeNull();
  });
});

describe('column values', () => {
  const lines = readFileSync(join(DATASETS, 'cdnow_orders.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

  it('lists the most frequent values of a column with their counts', async () => {
    const values = await previewer.values(withRules(RULES), 'orders', 'quantity', { asOf });
    const tally = new Map<number, number>();
    for (const l of lines) tally.set(Number(l[2]), (tally.get(Number(l[2])) ?? 0) + 1);
    const expected = [...tally].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3).map(([value, count]) => ({ value, count }));
    expect(values!.top.slice(0, 3)).toEqual(expected);
    expect(values!.rows).toBe(lines.length);
  });

  it('gives min, median and max of a number column', async () => {
    const amounts = lines.map((l) => Number(l[3])).sort((a, b) => a - b);
    const values = await previewer.values(withRules(RULES), 'orders', 'amount', { asOf });
    expect(values!.min).toBeCloseTo(amounts[0]);
    expect(values!.max).toBeCloseTo(amounts.at(-1)!);
    const mid = amounts.length % 2 ? amounts[(amounts.length - 1) / 2] : (amounts[amounts.length / 2 - 1] + amounts[amounts.length / 2]) / 2;
    expect(values!.median).toBeCloseTo(mid);
  });

  it('is null for a column that is not at the node', async () => {
    expect(await previewer.values(withRules(RULES), 'customers', 'amount', { asOf })).toBeNull();
  });
});
