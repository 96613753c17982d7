import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS, EXAMPLES } from '../../test/shared-paths.ts';
import { openDatabase, queryRows } from '../duckdb/database.ts';
import { sql } from '../sql/sql.ts';
import { createPreviewer } from './previewer.ts';
import { estimateBytes, TableCache } from './table-cache.ts';

/*
 * What the previewer keeps between edits: summary values by definition (an
 * edited aggregate scans the events for itself alone), tables by bytes.
 */
const winback = JSON.parse(readFileSync(join(EXAMPLES, 'winback.json'), 'utf8'));
const asOf = '2022-06-30';
const database = await openDatabase();
const previewer = await createPreviewer({ database, resolvePath: (p) => join(DATASETS, p) });
afterAll(() => previewer.close());

const withAggregate = (id: string, change: Record<string, unknown>) => ({
  ...winback,
  nodes: winback.nodes.map((n: { id: string; config: object }) => (n.id === id ? { ...n, config: { ...n.config, ...change } } : n)),
});

/** Columns of the tables holding per-customer summary values, by table (temporary: seen from the previewer's connection). */
async function summaryValueTables(): Promise<Map<string, string[]>> {
  const rows = await previewer.readNodes(winback, [], (connection) =>
    queryRows(connection, sql`SELECT table_name AS t, column_name AS c FROM duckdb_columns() WHERE table_name LIKE 'v\\_%' ESCAPE '\\' AND column_name <> '__segflow_key'`));
  const tables = new Map<string, string[]>();
  for (const r of rows) tables.set(String(r.t), [...(tables.get(String(r.t)) ?? []), String(r.c)]);
  return tables;
}

describe('lean preview cache', () => {
  it('scans the events once for every aggregate, then once for an edited aggregate alone', async () => {
    await previewer.preview(winback, { asOf });
    const first = await summaryValueTables();
    expect([...first.values()].map((columns) => columns.length)).toEqual([3]);
    const edited = await previewer.preview(withAggregate('s', { withinDays: 365 }), { asOf });
    const after = await summaryValueTables();
    const added = [...after].filter(([t]) => !first.has(t));
    expect(added.map(([, columns]) => columns.length)).toEqual([1]);
    // Its readers see every value through a view of the kept columns: nothing is copied.
    const copies = await previewer.readNodes(winback, [], (connection) =>
      queryRows(connection, sql`SELECT table_name AS t FROM duckdb_tables() WHERE table_name LIKE 'm\\_%' ESCAPE '\\'`));
    expect(copies).toEqual([]);
    // The recency and order count come from the first scan; only the spend and below are recomputed.
    expect(edited.computed).not.toContain('orders');
    expect(edited.computed).not.toContain('customers');
    expect(edited.counts.big.rows).toBeLessThan((await previewer.preview(winback, { asOf })).counts.big.rows);
  });

  it('counts again from the events when only the as-of date changes (windows count back from it)', async () => {
    await previewer.preview(winback, { asOf });
    const later = '2022-12-31';
    const moved = await previewer.preview(winback, { asOf: later });
    const fresh = await createPreviewer({ database: await openDatabase(), resolvePath: (p) => join(DATASETS, p) });
    try {
      expect(moved.counts).toEqual((await fresh.preview(winback, { asOf: later })).counts);
    } finally {
      await fresh.close();
    }
    // The recency window really moved: the recent buyers are fewer half a year later.
    expect(moved.counts.recent.rows).toBeLessThan((await previewer.preview(winback, { asOf })).counts.recent.rows);
  });

  it('keeps of the customers the columns the document reads, and reads the file again for a document reading more', async () => {
    /** Each source table's columns, by table. */
    const sourceTables = async () => {
      const rows = await previewer.readNodes(winback, [], (connection) =>
        queryRows(connection, sql`SELECT table_name AS t, list(column_name ORDER BY column_name) AS c FROM duckdb_columns() WHERE table_name LIKE 's\\_%' ESCAPE '\\' GROUP BY 1`));
      return rows.map((r) => (r.c as { items: string[] }).items ?? r.c);
    };
    await previewer.preview(winback, { asOf });
    // Nothing in winback reads a customer column but the key: the customers' table holds the key alone.
    expect(await sourceTables()).toContainEqual(['customer_id']);
    expect((await sourceTables()).flat()).not.toContain('cohort_month');
    const byCohort = {
      ...winback,
      nodes: [...winback.nodes, { id: 'early', kind: 'filter', position: { x: 0, y: 0 }, config: { condition: { combinator: 'and', rules: [{ field: 'cohort_month', operator: '=', value: '2021-01' }] } } }],
      edges: [...winback.edges, { source: 'l', target: 'early' }],
    };
    const counts = (await previewer.preview(byCohort, { asOf })).counts;
    expect((await sourceTables()).flat()).toContain('cohort_month');
    const fresh = await createPreviewer({ database: await openDatabase(), resolvePath: (p) => join(DATASETS, p) });
    try {
      expect(counts).toEqual((await fresh.preview(byCohort, { asOf })).counts);
    } finally {
      await fresh.close();
    }
  });

  it('reads a source kept with more columns instead of reading the file again', async () => {
    const own = await createPreviewer({ database: await openDatabase(), resolvePath: (p) => join(DATASETS, p) });
    try {
      const byCohort = { ...winback, nodes: winback.nodes.map((n: { id: string; config: object }) => (n.id === 'loyal'
        ? { ...n, config: { condition: { combinator: 'and', rules: [{ field: 'n_orders', operator: '>=', value: 5 }, { field: 'cohort_month', operator: '>=', value: '2021-01' }] } } } : n)) };
      await own.preview(byCohort, { asOf });
      // winback reads the key alone: the table of key and cohort holds it.
      const second = await own.preview(winback, { asOf });
      expect(second.computed).not.toContain('customers');
      expect(second.counts).toEqual((await previewer.preview(winback, { asOf })).counts);
    } finally {
      await own.close();
    }
  });

  it('answers an edit back to an earlier document from the cache', async () => {
    await previewer.preview(withAggregate('s', { withinDays: 200 }), { asOf });
    const back = await previewer.preview(winback, { asOf });
    expect(back.computed).toEqual([]);
  });
});

describe('summary values dropped under a view', () => {
  it('are computed again when a document reads the view once more', { timeout: 60_000 }, async () => {
    // No budget: every table the last previews did not read is dropped, the view of an earlier edit included.
    const tight = await createPreviewer({ resolvePath: (p) => join(DATASETS, p), maxCacheBytes: 1 });
    try {
      const year = withAggregate('s', { withinDays: 365 });
      await tight.preview(year, { asOf });
      // Another as-of date: every value is new, and those of the 365-day document are dropped.
      await tight.preview(year, { asOf: '2022-01-31' });
      await tight.preview(year, { asOf: '2022-01-31', estimate: true });
      // A threshold below the 365-day spend: counted again from that document's view, whose values are gone.
      const bigger = { ...year, nodes: year.nodes.map((n: { id: string; config: object }) => (n.id === 'big'
        ? { ...n, config: { condition: { combinator: 'and', rules: [{ field: 'spend', operator: '>', value: 301 }] } } } : n)) };
      const again = await tight.preview(bigger, { asOf });
      expect(again.computed).toContain('big');
      expect(again.problems).toEqual([]);
      const fresh = await createPreviewer({ database: await openDatabase(), resolvePath: (p) => join(DATASETS, p) });
      try {
        expect(again.counts).toEqual((await fresh.preview(bigger, { asOf })).counts);
      } finally {
        await fresh.close();
      }
    } finally {
      await tight.close();
    }
  });
});

describe('a cache file opened again', () => {
  it('holds none of the tables an earlier previewer left, and previews the same counts', { timeout: 60_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'segflow-preview-')), 'cache.duckdb');
    const tables = async (db: Awaited<ReturnType<typeof openDatabase>>) => {
      const c = await db.connect();
      try {
        return (await queryRows(c, sql`SELECT count(*) AS n FROM duckdb_tables()`))[0].n;
      } finally {
        c.closeSync();
      }
    };
    const first = await createPreviewer({ databasePath: file, resolvePath: (p) => join(DATASETS, p) });
    const counts = (await first.preview(winback, { asOf })).counts;
    await first.preview(withAggregate('s', { withinDays: 100 }), { asOf });
    await first.close();
    const reopened = await openDatabase(file);
    // Its tables were temporary; a previewer of an earlier version left its node tables in the file.
    expect(Number(await tables(reopened))).toBe(0);
    const c = await reopened.connect();
    await c.run('CREATE TABLE "n_0123456789abcdef_0123" AS SELECT 1 AS customer_id');
    c.closeSync();
    expect(Number(await tables(reopened))).toBe(1);
    const second = await createPreviewer({ database: reopened, resolvePath: (p) => join(DATASETS, p) });
    try {
      expect(Number(await tables(reopened))).toBe(0);
      expect((await second.preview(winback, { asOf })).counts).toEqual(counts);
    } finally {
      await second.close();
    }
  });
});

describe('table cache', () => {
  it('drops the least recently used tables beyond its byte budget, never the ones in use', async () => {
    const own = await openDatabase();
    const connection = await own.connect();
    try {
      const cache = new TableCache(250);
      for (const name of ['a', 'b', 'c']) {
        await connection.run(`CREATE TABLE ${name} AS SELECT 1 AS x`);
        cache.add(name, 100);
      }
      cache.touch('a');
      await cache.evict(connection, new Set(['b']));
      expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, true, false]);
      const left = await queryRows(connection, sql`SELECT table_name AS t FROM duckdb_tables() ORDER BY 1`);
      expect(left.map((r) => r.t)).toEqual(['a', 'b']);
    } finally {
      connection.closeSync();
      own.close();
    }
  });

  it('weighs a table by its rows and column types', () => {
    expect(estimateBytes(1000, ['integer', 'string'])).toBeGreaterThan(estimateBytes(1000, ['integer']));
    expect(estimateBytes(2000, ['integer'])).toBe(2 * estimateBytes(1000, ['integer']));
  });
});

describe('exact counts and estimates in turn', () => {
  it('keep each other’s tables: an estimate after an exact preview samples nothing again', { timeout: 60_000 }, async () => {
    // A budget smaller than one document's tables: only what the last exact preview and the last estimate read survives.
    const tight = await createPreviewer({ resolvePath: (p) => join(DATASETS, p), maxCacheBytes: 1 });
    try {
      await tight.preview(winback, { asOf, estimate: true });
      await tight.preview(winback, { asOf });
      const edited = withAggregate('s', { withinDays: 300 });
      await tight.preview(edited, { asOf });
      const estimate = await tight.preview(edited, { asOf, estimate: true });
      expect(estimate.computed).not.toContain('orders');
      expect(estimate.computed).not.toContain('customers');
      const exact = await tight.preview(edited, { asOf });
      expect(exact.computed).toEqual([]);
    } finally {
      await tight.close();
    }
  });
});
