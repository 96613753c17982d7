import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS, EXAMPLES } from '../../test/shared-paths.ts';
import { queryRows } from '../duckdb/database.ts';
import { sql } from '../sql/sql.ts';
import { createPreviewer } from './previewer.ts';

/*
 * What an edit leaves alone is not counted again, even when it lies
 * downstream: a filter's customers depend on the columns its rules read, a
 * rank's values on the column it ranks by (column-lineage.ts).
 */
const asOf = '2022-06-30';
const winback = JSON.parse(readFileSync(join(EXAMPLES, 'winback.json'), 'utf8'));
type Node = { id: string; kind: string; config: Record<string, unknown>; position?: unknown };
const filter = (id: string, rules: object[]): Node => ({ id, kind: 'filter', config: { condition: { combinator: 'and', rules } } });
/** winback with spend quartiles after the aggregates: a top quartile, and a top quartile of loyal customers. */
const ranked = {
  ...winback,
  nodes: [
    ...winback.nodes,
    { id: 'rk', kind: 'rank', config: { as: 'spend_quartile', fn: 'ntile', buckets: 4, by: 'spend', descending: true } },
    filter('top', [{ field: 'spend_quartile', operator: '<=', value: 1 }]),
    filter('top_loyal', [{ field: 'spend_quartile', operator: '<=', value: 1 }, { field: 'n_orders', operator: '>=', value: 3 }]),
  ].map((n: Node, i: number) => ({ position: { x: i * 10, y: 0 }, ...n })),
  edges: [...winback.edges, { source: 'l', target: 'rk' }, { source: 'rk', target: 'top' }, { source: 'rk', target: 'top_loyal' }],
};
const withConfig = (document: typeof ranked, id: string, change: Record<string, unknown>) => ({
  ...document,
  nodes: document.nodes.map((n: Node) => (n.id === id ? { ...n, config: { ...n.config, ...change } } : n)),
});

const previewer = await createPreviewer({ resolvePath: (p) => join(DATASETS, p) });
afterAll(() => previewer.close());

async function freshCounts(document: unknown) {
  const fresh = await createPreviewer({ resolvePath: (p) => join(DATASETS, p) });
  try {
    return (await fresh.preview(document, { asOf })).counts;
  } finally {
    await fresh.close();
  }
}

describe('an edit upstream of what it does not change', () => {
  it('counts again only the nodes whose customers depend on the edited column, and ranks no one again', { timeout: 60_000 }, async () => {
    await previewer.preview(ranked, { asOf });
    // The order count gets a window: the spend, its quartiles and whoever depends on them alone stay.
    const edited = withConfig(ranked, 'n', { withinDays: 365 });
    const result = await previewer.preview(edited, { asOf });
    expect(result.computed).toContain('loyal');
    expect(result.computed).toContain('top_loyal');
    for (const same of ['big', 'recent', 'top']) expect(result.computed).not.toContain(same);
    // The rank read by top_loyal is made again (it carries the order count) from the kept quartiles.
    expect(result.computed).toContain('rk');
    expect(result.counts).toEqual(await freshCounts(edited));
  });

  it('ranks again when the column ranked by changes, and counts what depends on it', { timeout: 60_000 }, async () => {
    await previewer.preview(ranked, { asOf });
    const edited = withConfig(ranked, 's', { withinDays: 400 });
    const result = await previewer.preview(edited, { asOf });
    for (const changed of ['big', 'top', 'top_loyal']) expect(result.computed).toContain(changed);
    expect(result.computed).not.toContain('loyal');
    expect(result.counts).toEqual(await freshCounts(edited));
  });

  it('reads the kept values: a rank made again joins them instead of ordering everyone', { timeout: 60_000 }, async () => {
    const own = await createPreviewer({ resolvePath: (p) => join(DATASETS, p) });
    try {
      await own.preview(ranked, { asOf });
      // Every quartile the rank's table holds set to 1: only a rank that joins them sees everyone in the top quartile.
      await own.readNodes(ranked, [], async (c) => {
        const tables = await queryRows(c, sql`SELECT DISTINCT table_name AS t FROM duckdb_columns() WHERE column_name = 'spend_quartile'`);
        expect(tables).toHaveLength(1);
        await c.run(`UPDATE "${String(tables[0].t)}" SET spend_quartile = 1`);
      });
      const edited = withConfig(ranked, 'n', { withinDays: 365 });
      const result = await own.preview(edited, { asOf });
      const loyalAlone = withConfig(edited, 'top_loyal', { condition: { combinator: 'and', rules: [{ field: 'n_orders', operator: '>=', value: 3 }] } });
      expect(result.counts.top_loyal.rows).toBe((await freshCounts(loyalAlone)).top_loyal.rows);
    } finally {
      await own.close();
    }
  });
});
