import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny } from '../../test/tiny-run.ts';
import { chain, doc, facts, node, output, source } from '../../test/workflow-builders.ts';

const FILES = { 'c.csv': 'id,name,income,seen\n1,Ann,50000,2022-06-30\n2,bob,,2022-05-30\n3,a%b,70000,2022-05-31\n4,,10,' };

const filtered = (condition: Record<string, unknown>) => doc([source('c'), node('f', 'filter', { condition }), output('out')], chain('c', 'f', 'out'));

describe('filter', () => {
  it('passes its input\'s columns through unchanged', () => {
    const sources = { c: facts({ id: 'integer', name: 'string', income: 'number', seen: 'date' }) };
    const analysis = analyzeWorkflow(filtered({ combinator: 'and', rules: [{ field: 'income', operator: '>', value: 1 }] }), { sources });
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('f')).toEqual(analysis.schemas.get('c'));
  });

  it('reports groups nested deeper than the limit instead of recursing without end', () => {
    let condition: Record<string, unknown> = { combinator: 'and', rules: [{ field: 'income', operator: 'notNull' }] };
    for (let i = 0; i < 34; i++) condition = { combinator: 'or', rules: [condition] };
    const problems = analyzeWorkflow(filtered(condition), { sources: { c: facts({ id: 'integer', income: 'number' }) } }).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'f' })]);
  });

  it.each(MODES)('keeps the matching customers, a rule on a null being false (%s, %i)', async (mode, partitions) => {
    const condition = {
      combinator: 'or',
      rules: [
        { field: 'income', operator: '!=', value: 50000 },
        { combinator: 'and', rules: [{ field: 'seen', operator: 'withinLastDays', value: 0 }] },
      ],
    };
    const run = await runTiny(filtered(condition), FILES, { mode, partitions });
    expect(run.rows('out').map((r) => r.id)).toEqual([1, 3, 4]);
  });

  it('uses the run\'s as-of date for relative dates', async () => {
    const condition = { combinator: 'and', rules: [{ field: 'seen', operator: 'withinLastDays', value: 30 }] };
    const june = await runTiny(filtered(condition), FILES, { asOf: '2022-06-30' });
    expect(june.rows('out').map((r) => r.id)).toEqual([1, 3]);
    const july = await runTiny(filtered(condition), FILES, { asOf: '2022-06-29' });
    expect(july.rows('out').map((r) => r.id)).toEqual([2, 3]);
  });

  it('matches % literally on data read from a file', async () => {
    const run = await runTiny(filtered({ combinator: 'and', rules: [{ field: 'name', operator: 'contains', value: '%' }] }), FILES);
    expect(run.rows('out').map((r) => r.id)).toEqual([3]);
  });
});
