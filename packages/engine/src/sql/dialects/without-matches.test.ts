import { expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../duckdb/database.ts';
import { excludeNode } from '../../nodes/exclude.node.ts';
import { ident, renderSql, sql } from '../sql.ts';
import { withoutMatchesNotExists } from './dialect.ts';
import { duckdbDialect, postgresDialect } from './index.ts';

const keep = { from: ident('k'), key: 'id' };
const misses = [{ from: ident('a'), key: 'id' }, { from: sql`(SELECT * FROM b WHERE flag)`, key: 'id' }];

it('removes on DuckDB with ANTI JOINs the rows NOT EXISTS removes (duplicates and empty keys kept as they are)', async () => {
  const db = await openDatabase(':memory:');
  const c = await db.connect();
  try {
    await c.run(`CREATE TABLE k AS SELECT * FROM (VALUES (1, 'x'), (2, 'y'), (2, 'y2'), (3, 'z'), (NULL, 'n'), (5, 'w')) t(id, v)`);
    await c.run(`CREATE TABLE a AS SELECT * FROM (VALUES (1), (1), (NULL)) t(id)`);
    await c.run(`CREATE TABLE b AS SELECT * FROM (VALUES (3, true), (5, false), (NULL, true)) t(id, flag)`);
    const rows = (select: ReturnType<typeof sql>) => queryRows(c, sql`SELECT * FROM (${select}) ORDER BY id NULLS LAST, v`);
    const expected = await rows(withoutMatchesNotExists(keep, misses));
    expect(expected.map((r) => r.v)).toEqual(['y', 'y2', 'w', 'n']);
    expect(await rows(duckdbDialect.withoutMatches(keep, misses))).toEqual(expected);
  } finally {
    c.closeSync();
    db.close();
  }
});

it('compiles an exclude to ANTI JOINs on DuckDB (a hash join, not a correlated subquery) and to NOT EXISTS on PostgreSQL', () => {
  const schema = { key: 'id', columns: [{ name: 'id', type: 'integer' as const }] };
  const inputs = { in: [{ from: ident('k'), schema }], minus: [{ from: ident('a'), schema }] };
  const compiled = (dialect?: typeof duckdbDialect) =>
    renderSql(excludeNode.compile!({ nodeId: 'x', config: {}, inputs, output: schema, asOf: sql`DATE '2025-01-01'`, dialect } as never)).text;
  expect(compiled()).toContain('ANTI JOIN');
  expect(compiled()).not.toContain('NOT EXISTS');
  expect(compiled(postgresDialect)).toContain('NOT EXISTS');
});
