import { describe, expect, it } from 'vitest';
import type { ConditionGroup } from '../conditions/condition.ts';
import { describeCondition } from './describe-rule.ts';
import { describePath } from './describe-path.ts';

const purchase = { combinator: 'and' as const, rules: [{ field: 'event_type', operator: '=' as const, value: 'purchase' }] };
const everyday: ConditionGroup = {
  combinator: 'and',
  rules: [
    { behavior: { fn: 'sum', column: 'amount', where: purchase, withinDays: 365 }, operator: '>', value: 500 },
    { behavior: { fn: 'count', where: purchase, withinDays: 60 }, operator: 'didNot' },
    { field: 'email', operator: 'notNull' },
  ],
};

describe('describeCondition', () => {
  it('reads the everyday audience the way a marketer says it', () => {
    expect(describeCondition(everyday)).toBe(
      'Customers whose total amount of purchase events in the last 365 days is more than 500 and who did not purchase in the last 60 days and whose email is not empty',
    );
  });

  it('says "all customers" when there are no rules', () => {
    expect(describeCondition({ combinator: 'and', rules: [] })).toBe('All customers');
    expect(describeCondition(undefined)).toBe('All customers');
  });

  it('words lists, ranges, days and column names', () => {
    expect(describeCondition({ combinator: 'or', rules: [
      { field: 'country', operator: 'in', value: ['FR', 'DE'] },
      { field: 'signup_date', operator: 'withinLastDays', value: 30 },
      { field: 'income', operator: 'between', value: [1000, 2000] },
    ] })).toBe('Customers whose country is one of FR, DE or whose signup date is in the last 30 days or whose income is between 1000 and 2000');
  });

  it('words negated groups and events that are not a single type', () => {
    expect(describeCondition({ combinator: 'and', rules: [
      { combinator: 'or', not: true, rules: [{ field: 'country', operator: '=', value: 'FR' }, { field: 'country', operator: '=', value: 'DE' }] },
      { behavior: { fn: 'count', where: { combinator: 'and', rules: [{ field: 'amount', operator: '>=', value: 50 }] } }, operator: 'did' },
      { behavior: { fn: 'max', column: 'amount', withinDays: 30 }, operator: '>=', value: 100 },
    ] })).toBe(
      'Customers none of (whose country is FR; whose country is DE) and who had an event where amount is at least 50 and whose highest amount of events in the last 30 days is at least 100',
    );
  });

  it('words sequences with and without "then"', () => {
    const cart = { combinator: 'and' as const, rules: [{ field: 'event_type', operator: '=' as const, value: 'add_to_cart' }] };
    const rule = (operator: 'followedBy' | 'notFollowedBy') => ({ combinator: 'and' as const, rules: [{ sequence: { first: cart, lookbackDays: 7, then: purchase, withinDays: 2 }, operator }] });
    expect(describeCondition(rule('notFollowedBy'))).toBe('Customers who did add_to_cart in the last 7 days and then did not purchase within 2 days');
    expect(describeCondition(rule('followedBy'))).toBe('Customers who did add_to_cart in the last 7 days and then did purchase within 2 days');
  });
});

describe('describePath', () => {
  const node = (id: string, kind: string, config: Record<string, unknown> = {}, label?: string) => ({ id, kind, config, label });
  const edge = (source: string, target: string, targetPort?: string) => ({ source, target, targetPort });
  const only = (field: string, operator: '>' | '<=', value: number): ConditionGroup => ({ combinator: 'and', rules: [{ field, operator, value }] });

  it('reads filters, exclusions and enrichments back to the source', () => {
    const document = {
      nodes: [
        node('customers', 'source'), node('orders', 'events'), node('spend', 'aggregate'),
        node('big', 'filter', { condition: only('spend', '>', 900) }),
        node('recent', 'filter', { condition: only('recency', '<=', 60) }),
        node('quiet', 'exclude'), node('out', 'output'),
      ],
      edges: [edge('customers', 'spend'), edge('orders', 'spend', 'events'), edge('spend', 'big'), edge('spend', 'recent'),
        edge('big', 'quiet'), edge('recent', 'quiet', 'minus'), edge('quiet', 'out')],
    };
    expect(describePath(document, 'out')).toBe('Customers whose spend is more than 900, excluding those whose recency is at most 60');
  });

  it('names the inputs of union and priority by their labels, in edge order', () => {
    const document = {
      nodes: [node('a', 'filter', {}, 'Loyal'), node('b', 'filter', {}, 'Big spenders'), node('u', 'union'), node('p', 'priority')],
      edges: [edge('a', 'u'), edge('b', 'u'), edge('b', 'p'), edge('a', 'p')],
    };
    expect(describePath(document, 'u')).toBe('Customers in “Loyal” or “Big spenders”');
    expect(describePath(document, 'p')).toBe('Customers of “Big spenders”, then “Loyal” (each in the first that holds them)');
  });

  it('stops on a cycle and on a missing node instead of looping', () => {
    const document = { nodes: [node('a', 'filter', { condition: only('x', '>', 1) }), node('b', 'filter')], edges: [edge('a', 'b'), edge('b', 'a')] };
    expect(describePath(document, 'b')).toBe('Customers whose x is more than 1');
    expect(describePath(document, 'nope')).toBe('Customers');
  });
});

describe('numbers in words', () => {
  it('writes huge and tiny numbers as people do, never 1e+26', async () => {
    const { conditionText } = await import('../conditions/describe-condition.ts');
    const { plainNumber } = await import('../messages/plain-number.ts');
    const huge = { combinator: 'and', rules: [{ field: 'spend', operator: '>', value: 1e26 }] } as ConditionGroup;
    expect(describeCondition(huge)).toBe('Customers whose spend is more than 100000000000000000000000000');
    expect(conditionText(huge)).toBe('spend > 100000000000000000000000000');
    expect(plainNumber(1e26)).toBe('100,000,000,000,000,000,000,000,000');
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(1234.5)).toBe('1,234.5');
    expect(plainNumber(12345678901234567890n)).toBe('12,345,678,901,234,567,890');
  });
});
