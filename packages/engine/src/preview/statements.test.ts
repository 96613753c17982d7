import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DATASETS, EXAMPLES } from '../../test/shared-paths.ts';
import { openDatabase, type Database } from '../duckdb/database.ts';
import { createPreviewer } from './previewer.ts';

/* What a preview asks DuckDB: no statement it could spare (see duckdb-backend.ts). */
const asOf = '2022-06-30';
const winback = JSON.parse(readFileSync(join(EXAMPLES, 'winback.json'), 'utf8'));
type Node = { id: string; kind: string; config: Record<string, unknown>; position?: unknown };
/** winback with spend quartiles after the aggregates (a rank is a stored table) and a filter on them. */
const ranked = {
  ...winback,
  nodes: [
    ...winback.nodes,
    { id: 'rk', kind: 'rank', config: { as: 'spend_quartile', fn: 'ntile', buckets: 4, by: 'spend', descending: true } },
    { id: 'top', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'spend_quartile', operator: '<=', value: 1 }] } } },
  ].map((n: Node, i: number) => ({ position: { x: i * 10, y: 0 }, ...n })),
  edges: [...winback.edges, { source: 'l', target: 'rk' }, { source: 'rk', target: 'top' }],
};

/** A database whose connections record every statement they run. */
async function tracedDatabase(statements: string[]): Promise<Database> {
  const inner = await openDatabase(':memory:');
  return {
    ...inner,
    close: inner.close,
    async connect() {
      const connection = await inner.connect();
      const run = connection.run.bind(connection);
      connection.run = ((text: string, params?: never) => (statements.push(text), run(text, params))) as typeof connection.run;
      return connection;
    },
  };
}

it('takes a stored node\'s count from the statement that made its table, never counting the table again', async () => {
  const statements: string[] = [];
  const previewer = await createPreviewer({ database: await tracedDatabase(statements), resolvePath: (p) => join(DATASETS, p) });
  try {
    const { counts } = await previewer.preview(ranked, { asOf });
    const made = statements.map((s) => /^CREATE OR REPLACE TEMP TABLE ("[^"]+")/.exec(s)?.[1]).filter((t): t is string => t !== undefined);
    const nodeTables = made.filter((t) => t.startsWith('"n_'));
    expect(nodeTables.length).toBeGreaterThan(0);
    for (const table of nodeTables) expect(statements.filter((s) => s.trim() === `SELECT count(*) AS n FROM ${table}`)).toEqual([]);
    expect(counts.rk!.rows).toBe(counts.l!.rows);
    expect(counts.top!.rows).toBeGreaterThan(0);
    expect(counts.top!.rows).toBeLessThan(counts.rk!.rows);
  } finally {
    await previewer.close();
  }
});
