import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn } from '../run-helpers.ts';
import { writeFiles } from '../tiny-run.ts';
import { startPostgres } from '../destinations/postgres-cluster.ts';
import { doc, edge, node } from '../workflow-builders.ts';
import { loadFileIntoPostgres, warehouseCredentials, withWarehouseSources } from './load-tables.ts';

/** Duplicate keys, text with % and _, timestamps with offsets, dates near the as-of date. */
const FILES = {
  'people.csv': `id,name,seen,score,born
1,a%b_c,2022-06-29T23:30:00+02:00,2.675,1990-02-03
2,x_y,2022-06-30 12:00:00,7,1985-12-31
2,dup-second,2022-05-01 00:00:00,9,1970-01-01
3,,2021-01-01 00:00:00,,
4,plain,2022-06-01 08:00:00,-3.5,2001-06-30
3,dup-three,2022-06-30 00:00:00,1.005,2000-01-01`,
};

let cluster: { url: string; stop(): void };
let dataDir: string;
beforeAll(async () => {
  cluster = startPostgres();
  dataDir = writeFiles(FILES);
  await loadFileIntoPostgres(cluster.url, { format: 'csv', path: 'people.csv', key: 'id' }, join(dataDir, 'people.csv'), 'people');
}, 600_000);
afterAll(() => cluster?.stop());

const out = (id: string) => node(id, 'output', { segment: id, destination: { type: 'csv', path: `${id}.csv` } });
const source = (dedupe?: Record<string, unknown>) => node('p', 'source', { format: 'csv', path: 'people.csv', key: 'id', ...(dedupe ? { dedupe } : {}) });

async function both(document: ReturnType<typeof doc>) {
  const read = async (options: Parameters<typeof runIn>[1]) => {
    const result = await runIn(document === undefined ? document : options?.credentials ? withWarehouseSources(document, { 'people.csv': 'people' }) : document,
      { dataDir, mode: 'sequential', asOf: '2022-06-30', ...options });
    expect(result.state?.status, JSON.stringify(result.problems) + JSON.stringify(result.state?.nodes)).toBe('succeeded');
    return Object.fromEntries(Object.entries(result.state!.segments).map(([name, s]) => [name, readFileSync(s.path, 'utf8')]));
  };
  const inDuckDb = await read({});
  expect(await read({ credentials: warehouseCredentials(cluster.url) })).toEqual(inDuckDb);
  return inDuckDb;
}

describe('each dialect member gives DuckDB\'s answer in PostgreSQL', () => {
  it('keeps the first or last duplicate, in storage order or by a column', async () => {
    for (const dedupe of [undefined, { keep: 'last' }, { keep: 'first', orderBy: 'score' }, { keep: 'last', orderBy: 'seen' }]) {
      const segments = await both(doc([source(dedupe), out('all')], [edge('p', 'all')]));
      expect(segments.all.split('\n').filter(Boolean)).toHaveLength(5);
    }
  });

  it('matches text literally, and compares timestamps in UTC', async () => {
    const rule = (field: string, operator: string, value: unknown) => ({ combinator: 'and', rules: [{ field, operator, value }] });
    const cases = [rule('name', 'contains', '%b_'), rule('name', 'endsWith', '_y'), rule('name', 'beginsWith', 'a%'), rule('name', 'doesNotContain', '_'),
      rule('seen', 'withinLastDays', 0), rule('seen', '>=', '2022-06-29T22:00:00+01:00'), rule('born', 'notWithinLastDays', 8000)];
    const nodes = cases.flatMap((condition, i) => [node(`f${i}`, 'filter', { condition }), out(`o${i}`)]);
    const edges = cases.flatMap((_, i) => [edge('p', `f${i}`), edge(`f${i}`, `o${i}`)]);
    const segments = await both(doc([source(), ...nodes], edges));
    expect(segments.o0).toContain('a%b_c');
  });

  it('computes formulas: year, days since, rounding half away from zero, division by zero', async () => {
    const formulas = ['year(born)', 'days_since(seen)', 'round(score, 2)', 'round(score)', 'score / (score - score)', 'length(lower(name))', 'if(score > 2, upper(name), null)'];
    const nodes = formulas.flatMap((formula, i) => [node(`c${i}`, 'compute', { as: `v${i}`, formula }), out(`o${i}`)]);
    const edges = formulas.flatMap((_, i) => [edge('p', `c${i}`), edge(`c${i}`, `o${i}`)]);
    await both(doc([source(), ...nodes], edges));
  });
});
