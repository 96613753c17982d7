import { describe, expect, it } from 'vitest';
import { knownKeys } from '../validate/config-problems.ts';
import { isVisible, withSetting, type FieldDescriptor } from './fields.ts';
import { NODE_DEFINITIONS, getNodeDefinition } from './registry.ts';

const rankFields = getNodeDefinition('rank')!.fields!;
const outputFields = getNodeDefinition('output')!.fields!;

describe('field descriptors', () => {
  it('name only settings the kind has', () => {
    for (const definition of NODE_DEFINITIONS) {
      // Every option's keys when the settings are a union (a source reads a file or a warehouse table).
      const keys = knownKeys(definition.config, []);
      for (const field of definition.fields ?? [])
        if (field.key) expect(keys, `${definition.kind}.${field.key}`).toContain(field.key.split('.')[0]);
    }
  });

  it('give every kind a form and every kind with settings a summary', () => {
    for (const definition of NODE_DEFINITIONS) {
      expect(definition.fields?.length, definition.kind).toBeGreaterThan(0);
      const settings = knownKeys(definition.config, []).filter((k) => k !== 'conflict');
      if (settings.length) expect(definition.summary, definition.kind).toBeDefined();
    }
  });

  it('show a field only while its rule holds', () => {
    const buckets = rankFields.find((f) => f.key === 'buckets')!;
    expect(isVisible(buckets, { fn: 'ntile' })).toBe(true);
    expect(isVisible(buckets, { fn: 'percent_rank' })).toBe(false);
    const enforce = outputFields.find((f) => f.key === 'expect.enforce')!;
    expect(isVisible(enforce, { expect: { max: 10 } })).toBe(true);
    expect(isVisible(enforce, {})).toBe(false);
  });

  it('give a field that appears its initial value, and remove the value of one that disappears', () => {
    const ntile = withSetting(rankFields, { as: 'r', fn: 'percent_rank', by: 'spend' }, 'fn', 'ntile');
    expect(ntile).toEqual({ as: 'r', fn: 'ntile', by: 'spend', buckets: 10 });
    expect(withSetting(rankFields, ntile, 'fn', 'percent_rank')).toEqual({ as: 'r', fn: 'percent_rank', by: 'spend' });
    const aggregate = getNodeDefinition('aggregate')!.fields!;
    expect(withSetting(aggregate, { as: 's', fn: 'sum', column: 'amount' }, 'fn', 'count')).toEqual({ as: 's', fn: 'count' });
  });

  it('set nested settings in place, removing objects left empty', () => {
    const withMin = withSetting(outputFields, { segment: 's', expect: { max: 9 } }, 'expect.min', 2);
    expect(withMin).toEqual({ segment: 's', expect: { max: 9, min: 2 } });
    const enforced = withSetting(outputFields, withMin, 'expect.enforce', true);
    // Both limits gone: the enforce box disappears with its value, and `expect` with it.
    const cleared = withSetting(outputFields, withSetting(outputFields, enforced, 'expect.min', undefined), 'expect.max', undefined);
    expect(cleared).toEqual({ segment: 's' });
    expect(Object.keys(withSetting([] as FieldDescriptor[], { a: 1, b: 2, c: 3 }, 'b', 5))).toEqual(['a', 'b', 'c']);
  });
});

describe('summaries', () => {
  const summary = (kind: string, config: Record<string, unknown>) => getNodeDefinition(kind)!.summary!(config);
  it('say what each kind does in one line', () => {
    expect(summary('source', { path: 'people.csv' })).toBe('people.csv');
    expect(summary('source', { format: 'postgres', connection: 'warehouse', table: 'crm.people' })).toBe('warehouse: crm.people');
    expect(summary('filter', { condition: { combinator: 'and', rules: [{ field: 'n_orders', operator: '>=', value: 5 }] } })).toBe('n_orders >= 5');
    expect(summary('filter', { condition: { combinator: 'or', rules: [{ field: 'a', operator: 'in', value: ['x', 'y'] }, { field: 'b', operator: 'null' }] } })).toBe('a is one of x, y or 1 more');
    expect(summary('filter', { condition: { combinator: 'and', rules: [] } })).toBe('everyone (no rules yet)');
    const purchase = { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'purchase' }] };
    expect(summary('filter', { condition: { combinator: 'and', rules: [{ behavior: { fn: 'count', where: purchase, withinDays: 60 }, operator: 'didNot' }, { field: 'email', operator: 'notNull' }] } }))
      .toBe('did not purchase in the last 60 days and 1 more');
    expect(summary('aggregate', { as: 'spend', fn: 'sum', column: 'amount' })).toBe('spend = sum(amount)');
    expect(summary('rank', { as: 'r', fn: 'ntile', buckets: 10, by: 'spend' })).toBe('r = 10 buckets by spend');
    expect(summary('split', { groups: [{ name: 'test', percent: 90 }, { name: 'holdout', percent: 10 }] })).toBe('test 90% / holdout 10%');
    expect(summary('output', { segment: 'winback' })).toBe('→ winback');
  });

  it('keep long summaries short', () => {
    expect(summary('compute', { as: 'x', formula: 'a'.repeat(100) })).toHaveLength(80);
  });
});
