import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS, EXAMPLES } from '../../test/shared-paths.ts';
import { queryRows } from '../duckdb/database.ts';
import { sql } from '../sql/sql.ts';
import { createPreviewer } from './previewer.ts';

const winback = JSON.parse(readFileSync(join(EXAMPLES, 'winback.json'), 'utf8'));
const asOf = '2022-06-30';
const previewer = await createPreviewer({ resolvePath: (p) => join(DATASETS, p) });
afterAll(() => previewer.close());

const withFilter = (doc: typeof winback, id: string, value: number) => ({
  ...doc,
  nodes: doc.nodes.map((n: { id: string; config: { condition?: { rules: { value: number }[] } } }) =>
    n.id === id ? { ...n, config: { condition: { combinator: 'and', rules: [{ ...n.config.condition!.rules[0], value }] } } } : n),
});

describe('previewer', () => {
  it('counts every node exactly, matching a run', async () => {
    const result = await previewer.preview(winback, { asOf });
    expect(result.counts.out_winback).toEqual({ rows: 1927, exact: true });
    expect(result.counts.customers.rows).toBe(23544);
    expect(result.computed).toContain('customers');
  });

  it('recomputes only the edited node and what lies downstream of it', async () => {
    await previewer.preview(winback, { asOf });
    const edited = await previewer.preview(withFilter(winback, 'big', 1000), { asOf });
    expect(edited.computed.sort()).toEqual(['big', 'out_winback', 'u', 'x']);
    expect(edited.counts.big.rows).toBeLessThan(1747);
    const again = await previewer.preview(withFilter(winback, 'big', 1000), { asOf });
    expect(again.computed).toEqual([]);
  });

  it('counts every node of a document larger than its table cache, and drops older tables first', async () => {
    const small = await createPreviewer({ resolvePath: (p) => join(DATASETS, p), maxCachedTables: 3 });
    try {
      const first = await small.preview(winback, { asOf });
      expect(Object.keys(first.counts).sort()).toEqual(winback.nodes.map((n: { id: string }) => n.id).sort());
      // Nothing recomputed for the same document: every one of its tables was kept.
      expect((await small.preview(winback, { asOf })).computed).toEqual([]);
      // An edit far down: what it shares with the first document is still there.
      const edited = await small.preview(withFilter(winback, 'big', 1000), { asOf });
      expect(edited.computed.sort()).toEqual(['big', 'out_winback', 'u', 'x']);
      expect(edited.counts.out_winback.rows).toBeLessThan(1927);
    } finally {
      await small.close();
    }
  });

  it('keeps what it computes out of its database file (nothing there outlives it), still answering members', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'segflow-previewer-'));
    const filed = await createPreviewer({ databasePath: join(folder, 'preview.duckdb'), resolvePath: (p) => join(DATASETS, p) });
    try {
      await filed.preview(winback, { asOf });
      await filed.preview(winback, { asOf, estimate: true });
      const members = await filed.rows(winback, 'x', { asOf, limit: 2 });
      expect(members.rows).toHaveLength(2);
      const tables = await filed.readNodes(winback, [], (connection) =>
        queryRows(connection, sql`SELECT temporary, count(*) AS n FROM duckdb_tables() GROUP BY ALL ORDER BY temporary`));
      expect(tables.map((t) => [t.temporary, Number(t.n) > 0])).toEqual([[true, true]]);
    } finally {
      await filed.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives estimates from a hash sample, marked as such, near the exact count', async () => {
    const result = await previewer.preview(winback, { asOf, estimate: true });
    const est = result.counts.out_winback;
    expect(est.exact).toBe(false);
    expect(Math.abs(est.rows - 1927)).toBeLessThanOrEqual(est.bound!);
  });

  it('still counts the healthy nodes of a document with an error elsewhere', async () => {
    const broken = structuredClone(withFilter(winback, 'loyal', 5));
    broken.nodes.find((n: { id: string }) => n.id === 'recent').config.condition.rules[0].field = 'nope';
    const result = await previewer.preview(broken, { asOf });
    expect(result.problems.some((p) => p.code === 'unknown_field' && p.nodeId === 'recent')).toBe(true);
    expect(result.counts.loyal.rows).toBe(3930);
    expect(result.counts.recent).toBeUndefined();
  });

  it('lists the first members of a node with their columns', async () => {
    const members = await previewer.preview(winback, { asOf }).then(() => previewer.rows(winback, 'x', { asOf, limit: 5 }));
    expect(members.rows).toHaveLength(5);
    expect(members.columns.map((c) => c.name)).toEqual(['customer_id', 'first_order_date', 'cohort_month', 'n_orders', 'spend', 'recency']);
  });

  it('rejects a cancelled preview with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(previewer.preview(winback, { asOf: '2022-01-01', signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
