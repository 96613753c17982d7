import { describe, expect, it } from 'vitest';
import { renameFormulaColumn } from '../formula/rename-column.ts';
import { validateWorkflow } from '../validate/analyze-workflow.ts';
import { CUSTOMER_COLUMNS, EVENT_COLUMNS, doc, edge, events, facts, source } from '../../test/workflow-builders.ts';
import { renameColumnReaders } from './rename-column.ts';

const sources = { people: facts(CUSTOMER_COLUMNS), orders: facts(EVENT_COLUMNS) };

/** People → spend (aggregate) → big (filter on spend, and on an event rule) → score (formula) → top (rank) → out. */
function workflow(as: string, reads = 'spend') {
  return doc([
    source('people'),
    events('orders'),
    { id: 'spend', kind: 'aggregate', config: { as, fn: 'sum', column: 'amount' } },
    { id: 'big', kind: 'filter', config: { condition: { combinator: 'and', rules: [
      { field: reads, operator: '>', value: 100 },
      { combinator: 'or', rules: [{ field: reads, operator: '<', value: 10_000 }, { field: 'name', operator: 'notNull' }] },
    ] } } },
    { id: 'score', kind: 'compute', config: { as: 'score', formula: `${reads} * 2 + income` } },
    { id: 'top', kind: 'rank', config: { as: 'pct', fn: 'percent_rank', by: reads } },
    { id: 'out', kind: 'output', config: { segment: 'big', destination: { type: 'csv', path: 'big.csv' }, fields: ['name', reads, 'pct'] } },
  ], [edge('people', 'spend'), edge('orders', 'spend', 'events'), edge('spend', 'big'), edge('big', 'score'), edge('score', 'top'), edge('top', 'out')]);
}

describe('renaming a column where it is made', () => {
  it('makes every step below read the new name, so the workflow stays valid', () => {
    const before = workflow('spend');
    expect(validateWorkflow(before, { sources }).filter((p) => p.severity === 'error')).toEqual([]);
    const renamed = workflow('total_spend', 'spend');
    expect(validateWorkflow(renamed, { sources }).some((p) => p.code === 'unknown_field')).toBe(true);

    const changed = renameColumnReaders(renamed.nodes.map((n) => ({ ...n, config: n.config ?? {} })), renamed.edges, 'spend', 'spend', 'total_spend');
    expect([...changed.keys()].sort()).toEqual(['big', 'out', 'score', 'top']);
    const fixed = { ...renamed, nodes: renamed.nodes.map((n) => ({ ...n, config: changed.get(n.id) ?? n.config })) };
    expect(fixed).toEqual(workflow('total_spend', 'total_spend'));
    expect(validateWorkflow(fixed, { sources }).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('leaves steps above, beside, and below a step that makes the same name again', () => {
    const steps = [
      { id: 'a', kind: 'compute', config: { as: 'x', formula: '1' } },
      { id: 'b', kind: 'compute', config: { as: 'x', formula: 'x + 1' } },
      { id: 'c', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'x', operator: '>', value: 1 }] } } },
      { id: 'side', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'x', operator: '>', value: 1 }] } } },
    ];
    const changed = renameColumnReaders(steps, [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }], 'a', 'x', 'y');
    expect([...changed.entries()]).toEqual([['b', { as: 'x', formula: 'y + 1' }]]);
  });

  it('rewrites formulas by their columns only, quoting a name that needs it', () => {
    expect(renameFormulaColumn('spend + "spend" + \'spend\' + coalesce(spend, 0)', 'spend', 'total spend')).toBe('"total spend" + "total spend" + \'spend\' + coalesce("total spend", 0)');
    expect(renameFormulaColumn('spend +', 'spend', 'x')).toBe('spend +');
  });
});
