import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { chain, doc, edge, events, facts, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { runIn, tempDir } from '../../test/run-helpers.ts';
import { dateLiteral, raw, renderSql } from '../sql/sql.ts';
import { combinedFilter, fusable, fusedSelect } from './fused-filters.ts';

const sources = { customers: facts({ id: 'integer', name: 'string', age: 'integer' }), ev: facts({ id: 'integer', ts: 'date', amount: 'number' }) };
const asOf = dateLiteral('2022-06-30');
const rank = node('rk', 'rank', { as: 'age_rank', fn: 'ntile', buckets: 2, by: 'age', descending: true });
const combine = (id: string, kind: string) => node(id, kind, {});

/**
 * customers → rk, then over rk: old (age > 40), young (age < 30), named (young, name = 'b'),
 * both = old ∩ named, either = old ∪ named, rest = either minus both, bought = a behaviour rule.
 */
const document = doc(
  [source('customers'), events('ev'), rank, filter('old', rule('age', '>', 40)), filter('young', rule('age', '<', 30)), filter('named', rule('name', '=', 'b')),
    combine('both', 'intersect'), combine('either', 'union'), combine('rest', 'exclude'), combine('apart', 'intersect'),
    node('bought', 'filter', { condition: { combinator: 'and', rules: [{ behavior: { fn: 'count' }, operator: '>=', value: 1 }] } }), combine('mixed', 'union'),
    output('out_rest'), output('out_mixed'), output('out_apart')],
  [...chain('customers', 'rk'), edge('rk', 'old'), edge('rk', 'young'), ...chain('young', 'named'),
    edge('old', 'both'), edge('named', 'both'), edge('old', 'either'), edge('named', 'either'),
    edge('either', 'rest'), edge('both', 'rest', 'minus'), edge('customers', 'apart'), edge('old', 'apart'),
    edge('rk', 'bought'), edge('ev', 'bought', 'events'), edge('old', 'mixed'), edge('bought', 'mixed'),
    edge('rest', 'out_rest'), edge('mixed', 'out_mixed'), edge('apart', 'out_apart')],
);

describe('combines of filters over the same rows', () => {
  const analysis = analyzeWorkflow(document, { sources });

  it('become one filter of those rows, through filters and other such combines', () => {
    expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
    for (const id of ['both', 'either', 'rest']) expect(combinedFilter(analysis, id, asOf)?.base).toBe('rk');
    const rest = renderSql(fusedSelect(analysis.schemas.get('rest')!, raw('rows'), combinedFilter(analysis, 'rest', asOf)!));
    expect(rest.text).not.toMatch(/JOIN|EXISTS/);
    expect(rest.text).toMatch(/ OR .* AND NOT /);
  });

  it('remove the customers of a chain of filters as a whole: not the first filter negated, then the second', { timeout: 60_000 }, async () => {
    // kept = customers minus (adults, then over 40): NOT (adult AND over 40), never (NOT adult) AND over 40.
    const chained = doc(
      [source('customers'), filter('adults', rule('age', '>=', 18)), filter('over40', rule('age', '>', 40)), combine('kept', 'exclude'), output('out_kept')],
      [...chain('customers', 'adults', 'over40'), edge('customers', 'kept'), edge('over40', 'kept', 'minus'), edge('kept', 'out_kept')],
    );
    expect(combinedFilter(analyzeWorkflow(chained, { sources }), 'kept', asOf)?.base).toBe('customers');
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'customers.csv'), 'id,name,age\n1,a,50\n2,b,20\n3,b,\n4,c,10\n5,d,41\n');
    const run = await runIn(chained, { dataDir, mode: 'sequential', asOf: '2022-06-30', deliver: false });
    expect(run.state?.status).toBe('succeeded');
    // Ages 20, unknown and 10 stay; 50 and 41 are removed.
    expect(run.state!.nodes.kept.rows).toBe(3);
  });

  it('stay joins when their inputs are different rows, or a rule reads events', () => {
    expect(combinedFilter(analysis, 'apart', asOf)).toBeUndefined();
    expect(combinedFilter(analysis, 'mixed', asOf)).toBeUndefined();
    // A filter reading events is rows of its own: nothing reads through it to the ranked rows.
    expect(fusable(analysis, 'bought')).toBe(false);
    expect(fusable(analysis, 'named')).toBe(true);
  });

  it('count in a lean run what they count stored whole, missing values included', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    // Ages missing and names missing: a removed customer's condition is never unknown, a kept one's never dropped.
    writeFileSync(join(dataDir, 'customers.csv'), 'id,name,age\n1,a,50\n2,b,20\n3,b,\n4,,25\n5,b,45\n6,c,10\n7,b,29\n8,a,\n');
    writeFileSync(join(dataDir, 'ev.csv'), 'id,ts,amount\n1,2022-01-01,5\n2,2022-02-01,7\n6,2022-03-01,1\n');
    const counts = async (storeEveryNode: boolean) => {
      const run = await runIn(document, { dataDir, mode: 'sequential', storeEveryNode, asOf: '2022-06-30', deliver: false });
      expect(run.state?.status).toBe('succeeded');
      return Object.fromEntries(Object.entries(run.state!.nodes).map(([id, n]) => [id, n.rows]));
    };
    const lean = await counts(false);
    expect(lean).toEqual(await counts(true));
    expect([lean.both, lean.either, lean.rest]).toEqual([0, 4, 4]);
  });
});
