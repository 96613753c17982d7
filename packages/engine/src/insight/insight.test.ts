import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS, EXAMPLES } from '../../test/shared-paths.ts';
import { queryRows } from '../duckdb/database.ts';
import { createPreviewer } from '../preview/previewer.ts';
import { ident, sql } from '../sql/sql.ts';
import { breakdown } from './breakdown.ts';
import { overlap } from './overlap.ts';

const winback = JSON.parse(readFileSync(join(EXAMPLES, 'winback.json'), 'utf8'));
const asOf = '2022-06-30';
const previewer = await createPreviewer({ resolvePath: (p) => join(DATASETS, p) });
afterAll(() => previewer.close());

const columnOf = (id: string, name: string) =>
  previewer.readNodes(winback, [id], async (connection, nodes) => {
    const node = nodes.get(id)!;
    return breakdown(connection, node.relation, node.schema.columns.find((c) => c.name === name)!);
  }, { asOf });

describe('breakdown of a node by one column', () => {
  it('counts a number column into round bars that hold every member', async () => {
    const result = await columnOf('big', 'spend');
    const { counts } = await previewer.preview(winback, { asOf });
    if (result.kind !== 'histogram') throw new Error('expected a histogram');
    expect(result.rows).toBe(counts.big.rows);
    expect(result.bins.reduce((sum, b) => sum + b.count, 0)).toBe(result.rows - result.empty);
    expect(result.bins.length).toBeLessThanOrEqual(21);
    // Bars follow each other without gaps, and the first holds the smallest spend (over 300 here).
    for (let i = 1; i < result.bins.length; i++) expect(result.bins[i].from).toBe(result.bins[i - 1].to);
    expect(Number(result.bins[0].from)).toBeLessThanOrEqual(300);
  });

  it('bins a date column by day, with dates as the bars’ edges', async () => {
    const result = await columnOf('big', 'first_order_date');
    if (result.kind !== 'histogram') throw new Error('expected a histogram');
    expect(result.bins[0].from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(result.bins.reduce((sum, b) => sum + b.count, 0)).toBe(result.rows - result.empty);
  });

  it('lists the most frequent values of a text column, and how many others there are', async () => {
    const result = await columnOf('loyal', 'cohort_month');
    if (result.kind !== 'values') throw new Error('expected values');
    expect(result.values.length).toBeGreaterThan(0);
    expect(result.values.length).toBeLessThanOrEqual(12);
    expect(result.values.map((v) => v.count)).toEqual([...result.values.map((v) => v.count)].sort((a, b) => b - a));
    expect(result.values.reduce((sum, v) => sum + v.count, 0) + result.others + result.empty).toBe(result.rows);
  });

  it('takes a column name with quotes as a name, not as SQL', async () => {
    const result = await previewer.readNodes(winback, ['big'], (connection, nodes) =>
      breakdown(connection, nodes.get('big')!.relation, { name: 'spend" FROM x; --', type: 'number' }).catch((e: Error) => e.message), { asOf });
    expect(String(result)).toMatch(/spend" FROM x; --/);
  });
});

describe('overlap of nodes', () => {
  it('counts every region, and the regions add up to each node and to their union', async () => {
    const ids = ['loyal', 'big', 'recent'];
    const { counts } = await previewer.preview(winback, { asOf });
    const result = await previewer.readNodes(winback, ids, (connection, nodes) =>
      overlap(connection, ids.map((id) => ({ relation: nodes.get(id)!.relation, key: nodes.get(id)!.schema.key }))), { asOf });
    expect(result.regions).toHaveLength(7);
    expect(result.sizes).toEqual(ids.map((id) => counts[id].rows));
    const inLoyalOrBig = result.regions.filter((r) => r.sets.includes(0) || r.sets.includes(1)).reduce((sum, r) => sum + r.count, 0);
    expect(inLoyalOrBig).toBe(counts.u.rows);
    // Cross-checked with a plain intersection of the two tables.
    const both = await previewer.readNodes(winback, ['loyal', 'big'], async (connection, nodes) => {
      const [row] = await queryRows(connection, sql`SELECT count(*) AS n FROM ${nodes.get('loyal')!.relation} JOIN ${nodes.get('big')!.relation} AS b USING (${ident('customer_id')})`);
      return Number(row.n);
    }, { asOf });
    const loyalAndBig = result.regions.filter((r) => r.sets.includes(0) && r.sets.includes(1)).reduce((sum, r) => sum + r.count, 0);
    expect(loyalAndBig).toBe(both);
  });

  it('leaves out a node that is not in the document', async () => {
    const found = await previewer.readNodes(winback, ['big', 'nope'], async (_c, nodes) => [...nodes.keys()], { asOf });
    expect(found).toEqual(['big']);
  });
});
