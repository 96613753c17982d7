import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { chain, doc, edge, facts, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { duckdbDialect } from '../sql/dialects/index.ts';
import { dateLiteral, ident } from '../sql/sql.ts';
import { openDatabase } from './database.ts';
import { FilterCounts } from './filter-counts.ts';

const sources = { customers: facts({ id: 'integer', name: 'string', age: 'integer' }) };
const combine = (id: string, kind: string) => node(id, kind, {});

/** Over customers: old (age > 40), young (age < 30), named (young, name = 'b'), both = old ∩ named, either = old ∪ named, rest = either minus both. */
const document = doc(
  [source('customers'), filter('old', rule('age', '>', 40)), filter('young', rule('age', '<', 30)), filter('named', rule('name', '=', 'b')),
    combine('both', 'intersect'), combine('either', 'union'), combine('rest', 'exclude'), output('out_rest')],
  [edge('customers', 'old'), ...chain('customers', 'young', 'named'), edge('old', 'both'), edge('named', 'both'), edge('old', 'either'), edge('named', 'either'),
    edge('either', 'rest'), edge('both', 'rest', 'minus'), edge('rest', 'out_rest')],
);
const counted = ['old', 'young', 'named', 'both', 'either', 'rest'];

describe('filters over the same rows in a lean run', () => {
  // Over a table, a WHERE count per node in one statement; over rows computed inline, one scan with a FILTER per node.
  it.each([['a stored table', true], ['rows computed inline', false]])('are counted together in one statement over %s, missing values included', async (_, stored) => {
    const analysis = analyzeWorkflow(document, { sources });
    expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const database = await openDatabase();
    const connection = await database.connect();
    try {
      await connection.run(`CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'a', 50), (2, 'b', 20), (3, 'b', NULL), (4, NULL, 25), (5, 'b', 45), (6, 'c', 10), (7, 'b', 29), (8, 'a', NULL)) AS t(id, name, age)`);
      let statements = 0;
      const runAndReadAll = connection.runAndReadAll.bind(connection);
      connection.runAndReadAll = ((...args: Parameters<typeof runAndReadAll>) => (statements++, runAndReadAll(...args))) as typeof runAndReadAll;
      const counts = new FilterCounts(analysis, counted, () => true, dateLiteral('2022-06-30'), duckdbDialect, () => stored);
      const rows: Record<string, number | undefined> = {};
      for (const id of counted) rows[id] = await counts.rows(connection, id, (base) => ident(base));
      // old: 50, 45; young: 20, 25, 10, 29; named: 20, 29; both: none; either and rest: 50, 45, 20, 29.
      expect(rows).toEqual({ old: 2, young: 4, named: 2, both: 0, either: 4, rest: 4 });
      expect(statements).toBe(1);

      // A scan that fails (here: rows that are not there) fails no node: each is then counted on its own.
      const failing = new FilterCounts(analysis, counted, () => true, dateLiteral('2022-06-30'), duckdbDialect, () => stored);
      for (const id of counted) expect(await failing.rows(connection, id, () => ident('no_such_table'))).toBeUndefined();
      expect(statements).toBe(2);
    } finally {
      connection.closeSync();
      database.close();
    }
  });

  it('leave a node alone on its rows, or one that is no filter, to be counted on its own', async () => {
    const analysis = analyzeWorkflow(document, { sources });
    const ids = ['old', 'customers', 'out_rest'];
    const alone = new FilterCounts(analysis, ids, () => true, dateLiteral('2022-06-30'), duckdbDialect, () => true);
    // Nothing to count together: no statement, so no connection is needed.
    for (const id of ids) expect(await alone.rows(undefined as never, id, () => ident('x'))).toBeUndefined();
  });
});
