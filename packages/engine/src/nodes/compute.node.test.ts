import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny } from '../../test/tiny-run.ts';
import { chain, compute, doc, facts, filter, output, rule, source } from '../../test/workflow-builders.ts';

const FILES = { 'c.csv': 'id,name,income,kids,signup\n1,Ann,50000,2,2022-06-01\n2,bob,0,0,2021-06-30\n3,,,,' };
const SOURCES = { c: facts({ id: 'integer', name: 'string', income: 'number', kids: 'integer', signup: 'date' }) };

const FORMULAS: [string, string, string][] = [
  ['per_kid', 'income / kids', 'number'],
  ['shout', 'upper(name)', 'string'],
  ['family', "if(kids > 0, 'parents', 'none')", 'string'],
  ['age_days', 'days_since(signup)', 'integer'],
  ['rich', 'income >= 50000 and kids > 1', 'boolean'],
  ['safe', 'coalesce(income, -1)', 'number'],
];

const computed = () =>
  doc([source('c'), ...FORMULAS.map(([as, formula]) => compute(`k_${as}`, as, formula)), output('out')], chain('c', ...FORMULAS.map(([as]) => `k_${as}`), 'out'));

describe('compute: formula limits', () => {
  it('refuses a long or deep formula in validation, with its position, before DuckDB ever sees it', () => {
    const terms = (n: number) => Array.from({ length: n }, () => 'income').join(' + ');
    for (const [formula, message] of [
      [terms(1_000).slice(0, 2000), /too many operations inside one another/],
      [terms(100_000), /too long \(over 2000 characters\)/],
      ['('.repeat(100_000) + 'income', /too long/],
    ] as const) {
      const problems = analyzeWorkflow(doc([source('c'), compute('k', 'x', formula), output('o')], chain('c', 'k', 'o')), { sources: SOURCES }).problems;
      expect(problems).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'k', message: expect.stringMatching(message), position: expect.any(Number) })]);
    }
  });
});

describe('compute: type inference', () => {
  it('adds a column typed by its formula', () => {
    const analysis = analyzeWorkflow(computed(), { sources: SOURCES });
    expect(analysis.problems).toEqual([]);
    const types = Object.fromEntries(analysis.schemas.get('out')!.columns.map((c) => [c.name, c.type]));
    for (const [as, , type] of FORMULAS) expect(types[as], as).toBe(type);
  });

  it('replaces an input column of the same name, with the new type, for the nodes below', () => {
    const analysis = analyzeWorkflow(
      doc([source('c'), compute('k', 'income', "if(income > 1, 'high', 'low')"), filter('f', rule('income', '=', 'high')), output('out')], chain('c', 'k', 'f', 'out')),
      { sources: SOURCES },
    );
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('k')!.columns.filter((c) => c.name === 'income')).toEqual([{ name: 'income', type: 'string', origin: 'k' }]);
  });

  it('reports a formula over a column that does not reach it, and a formula that does not parse with its position', () => {
    const problems = analyzeWorkflow(
      doc([source('c'), compute('k', 'x', 'spend * 2'), output('o1'), compute('j', 'y', 'round(income, '), output('o2')],
        [...chain('c', 'k', 'o1'), ...chain('c', 'j', 'o2')]),
      { sources: SOURCES },
    ).problems;
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'unknown_field', nodeId: 'k' }),
      expect.objectContaining({ code: 'invalid_config', nodeId: 'j', position: expect.any(Number) }),
    ]));
  });
});

describe('compute: results as of 2022-06-30', () => {
  it.each(MODES)('computes each row, nulls and division by zero included (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(computed(), FILES, { mode, partitions });
    expect(run.rows('out')).toEqual([
      { id: 1, name: 'Ann', income: 50000, kids: 2, signup: '2022-06-01', per_kid: 25000, shout: 'ANN', family: 'parents', age_days: 29, rich: true, safe: 50000 },
      { id: 2, name: 'bob', income: 0, kids: 0, signup: '2021-06-30', per_kid: null, shout: 'BOB', family: 'none', age_days: 365, rich: false, safe: 0 },
      { id: 3, name: null, income: null, kids: null, signup: null, per_kid: null, shout: null, family: 'none', age_days: null, rich: null, safe: -1 },
    ]);
  });

  it('lets a filter read the computed column', async () => {
    const run = await runTiny(
      doc([source('c'), compute('k', 'per_kid', 'income / kids'), filter('f', rule('per_kid', '>', 1000)), output('out')], chain('c', 'k', 'f', 'out')),
      FILES,
    );
    expect(run.rows('out').map((r) => r.id)).toEqual([1]);
  });
});
