import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny } from '../../test/tiny-run.ts';
import { compute, doc, edge, facts, filter, node, output, rule, source } from '../../test/workflow-builders.ts';

const FILES = { 'c.csv': 'id,v,audience\n1,1,x\n2,2,x\n3,3,x\n4,4,x\n5,5,x\n6,6,x' };
const SOURCES = { c: facts({ id: 'integer', v: 'integer', audience: 'string' }) };

/** Three overlapping audiences, edges in the order vip (v ≥ 5), mid (v ≥ 3), low (v ≤ 4), into priority `p`. */
function audiences(config: Record<string, unknown> = {}, order = ['vip', 'mid', 'low']) {
  return doc(
    [
      source('c'), filter('vip', rule('v', '>=', 5)), filter('mid', rule('v', '>=', 3)), filter('low', rule('v', '<=', 4)),
      compute('tagged', 'tag', "'t'"), node('p', 'priority', config), output('out'),
    ],
    [edge('c', 'vip'), edge('c', 'mid'), edge('c', 'low'), edge('low', 'tagged'), ...order.map((id) => edge(id === 'low' ? 'tagged' : id, 'p')), edge('p', 'out')],
  );
}

describe('priority', () => {
  it('has the union\'s columns plus `as` (default audience), a string made by the node', () => {
    const analysis = analyzeWorkflow(audiences(), { sources: { c: facts({ id: 'integer', v: 'integer' }) } });
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('p')!.columns).toEqual([
      { name: 'id', type: 'integer', origin: 'c' }, { name: 'v', type: 'integer', origin: 'c' },
      { name: 'tag', type: 'string', origin: 'tagged' }, { name: 'audience', type: 'string', origin: 'p' },
    ]);
  });

  it.each(MODES)('gives each customer once, with the first input in edge order that holds them (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(audiences({ as: 'who' }), FILES, { mode, partitions });
    const who = Object.fromEntries(run.rows('out').map((r) => [r.id, r.who]));
    expect(who).toEqual({ 1: 'tagged', 2: 'tagged', 3: 'mid', 4: 'mid', 5: 'vip', 6: 'vip' });
  });

  it.each(MODES)('follows the edge order, and replaces an input column of the same name (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(audiences({}, ['low', 'vip', 'mid']), FILES, { mode, partitions });
    const rows = run.rows('out');
    expect(Object.fromEntries(rows.map((r) => [r.id, r.audience]))).toEqual({ 1: 'tagged', 2: 'tagged', 3: 'tagged', 4: 'tagged', 5: 'vip', 6: 'vip' });
    expect(rows.find((r) => r.id === 3)).toEqual({ id: 3, v: 3, audience: 'tagged', tag: 't' });
  });

  it('needs two inputs and refuses unknown settings', () => {
    const one = doc([source('c'), node('p', 'priority'), output('out')], [edge('c', 'p'), edge('p', 'out')]);
    expect(analyzeWorkflow(one, { sources: SOURCES }).problems).toEqual([expect.objectContaining({ code: 'missing_input', nodeId: 'p' })]);
    expect(analyzeWorkflow(audiences({ order: 'x' }), { sources: SOURCES }).problems).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'p' })]);
  });
});
