import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../nodes/registry.ts';
import type { NodeDefinition } from '../nodes/define-node.ts';
import { plainConfig } from './plain-configs.ts';
import { validateWorkflow } from './analyze-workflow.ts';

type Definition = NodeDefinition<Record<string, unknown>>;
const filter = getNodeDefinition('filter') as Definition;
const aggregate = getNodeDefinition('aggregate') as Definition;

/** Values a setting might hold in a document written by hand or by a program gone wrong. */
const odd = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constantFrom(Infinity, NaN, -0, 1e6, 100_001),
  fc.string({ maxLength: 3 }), fc.constantFrom('', 'and', 'or', 'in', '=', 'x'.repeat(129), 'x'.repeat(257), 'x'.repeat(10_001)),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 2 }), fc.constant(undefined)), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('x', 'field', 'rules'), fc.integer(), { maxKeys: 2 }),
);
const absent = Symbol.for('absent') as never;
/** A key left out, or holding a likely value, or an odd one. */
const key = <T>(likely: fc.Arbitrary<T>) => fc.oneof({ arbitrary: likely, weight: 8 }, { arbitrary: odd, weight: 1 }, { arbitrary: fc.constant(absent), weight: 2 });
/** A key no schema knows, now and then. */
const extra = fc.oneof({ arbitrary: fc.constant(absent), weight: 12 }, { arbitrary: fc.integer(), weight: 1 });
const withoutAbsent = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== absent));

const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.constant([1, undefined]), fc.constant([[1]]));
const operator = fc.constantFrom('=', '!=', '<', 'in', 'between', 'null', 'withinLastDays', 'did', 'followedBy', 'nope');

const { group } = fc.letrec<{ rule: unknown; group: Record<string, unknown> }>((tie) => ({
  rule: fc.oneof(
    { weight: 6, arbitrary: fc.record({ id: key(fc.string({ maxLength: 3 })), field: key(fc.constantFrom('plan', 'x', 'credit_score')), operator: key(operator), value: key(value), valueSource: key(fc.constant('value')), extra }).map(withoutAbsent) },
    {
      weight: 2,
      arbitrary: fc.record({
        id: key(fc.string({ maxLength: 3 })),
        behavior: key(fc.oneof(
          { weight: 6, arbitrary: fc.record({
            fn: key(fc.constantFrom('count', 'sum', 'days_since_first', 'median')), column: key(fc.constantFrom('amount', '', 'x'.repeat(257))),
            where: key(tie('group')), withinDays: key(fc.oneof(fc.integer({ min: -2, max: 100_002 }), fc.double())), extra,
          }).map(withoutAbsent) },
          { weight: 1, arbitrary: odd },
        )),
        operator: key(fc.constantFrom('did', 'didNot', '>=', 'between', 'followedBy')), value: key(value), valueSource: key(fc.constant('value')), extra,
      }).map(withoutAbsent),
    },
    { weight: 2, arbitrary: tie('group') },
    { weight: 1, arbitrary: odd },
  ),
  group: fc.record({
    id: key(fc.string({ maxLength: 3 })), combinator: key(fc.constantFrom('and', 'or')), not: key(fc.boolean()),
    rules: key(fc.array(tie('rule'), { maxLength: 3 })), extra,
  }, { requiredKeys: [] }).map(withoutAbsent),
}));

const filterConfig = fc.oneof(fc.record({ condition: key(group) }).map(withoutAbsent), odd);
const aggregateConfig = fc.oneof(
  fc.record({
    as: key(fc.constantFrom('spend', 'x'.repeat(256))), fn: key(fc.constantFrom('sum', 'count', 'days_since_first', 'median')),
    column: key(fc.constantFrom('amount', '')), where: key(group), withinDays: key(fc.oneof(fc.integer({ min: -2, max: 100_002 }), fc.double())),
    extra,
  }).map(withoutAbsent),
  odd,
);

const computeConfig = fc.oneof(
  fc.record({ as: key(fc.constantFrom('score', 'x'.repeat(256))), formula: key(fc.constantFrom('a + 1', '', '(')), extra }).map(withoutAbsent),
  odd,
);
const rankConfig = fc.oneof(
  fc.record({
    as: key(fc.constantFrom('rank', '')), fn: key(fc.constantFrom('percent_rank', 'ntile', 'rank')), buckets: key(fc.integer({ min: -1, max: 10_001 })),
    by: key(fc.constantFrom('score', 'x'.repeat(257))), descending: key(fc.boolean()), partitionBy: key(fc.constantFrom('country', '')),
    extra,
  }).map(withoutAbsent),
  odd,
);
const combineConfig = fc.oneof(
  fc.record({ conflict: key(fc.constantFrom('first', 'last', 'error', 'both')), extra }).map(withoutAbsent),
  odd,
);

/** Mostly `usual`, now and then one of `unusual`. */
const mostly = <T>(usual: T, ...unusual: T[]) => fc.oneof({ arbitrary: fc.constant(usual), weight: 6 }, { arbitrary: fc.constantFrom(...unusual), weight: 1 });
/** A key mostly left out (settings the hand reader leaves to zod). */
const rarely = <T>(present: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(absent), weight: 6 }, { arbitrary: present, weight: 1 });
const outputConfig = fc.oneof(
  { weight: 8, arbitrary: fc.record({
    segment: key(mostly('vip', 'has space', 'x'.repeat(65))),
    destination: key(fc.oneof(
      { weight: 8, arbitrary: fc.record({
        type: key(fc.oneof(fc.constantFrom('csv', 'parquet', 'json'), mostly('csv', 'webhook', 'xml'))), path: key(mostly('vip.csv', '', 'x'.repeat(1024), 'x'.repeat(1025))),
        delivery: key(fc.constantFrom('full', 'changes', 'some')), url: rarely(fc.constant('https://crm.example.com/hook')), extra,
      }).map(withoutAbsent) },
      { weight: 1, arbitrary: odd },
    )),
    fields: key(fc.oneof(
      fc.array(fc.oneof({ arbitrary: fc.constantFrom('plan', 'x'.repeat(256)), weight: 8 }, { arbitrary: fc.constantFrom('', 'x'.repeat(257), 7), weight: 1 }), { maxLength: 3 }),
      fc.constantFrom(Array.from({ length: 500 }, () => 'plan'), Array.from({ length: 501 }, () => 'plan')),
    )),
    expect: rarely(fc.record({ min: key(fc.integer({ min: -1, max: 10 })), max: key(fc.integer({ min: -1, max: 10 })) }).map(withoutAbsent)),
    extra,
  }).map(withoutAbsent) },
  { weight: 1, arbitrary: odd },
);

/** One behaviour rule in a filter, near the edges of what the schema accepts. */
const behaviourFilterConfig = fc.record({
  id: rarely(fc.constantFrom('r1', 'x'.repeat(129))),
  behavior: key(fc.record({
    fn: key(mostly('sum', 'count', 'days_since_first', 'median')), column: key(mostly('amount', '', 'x'.repeat(256), 'x'.repeat(257))),
    where: fc.oneof({ arbitrary: fc.constant(absent), weight: 4 }, { arbitrary: fc.constant({ combinator: 'and', rules: [{ field: 'category', operator: '=', value: 'x' }] }), weight: 2 }, { arbitrary: group, weight: 1 }),
    withinDays: key(mostly(30, -1, 0, 100_000, 100_001, 1.5)), extra,
  }).map(withoutAbsent)),
  operator: mostly('>=', 'did', 'didNot', 'between', 'followedBy', 'nope'), value: key(value), valueSource: rarely(fc.constantFrom('value', 'other')), extra,
}).map((rule) => ({ condition: { combinator: 'and', rules: [withoutAbsent(rule)] } }));

/** What zod gives, when the hand reader gives anything: the same value, with keys in the same order. */
function agreesWithZod(definition: Definition, config: unknown): void {
  const plain = plainConfig(definition, config);
  if (!plain) return;
  const zod = definition.config.safeParse(config);
  expect(zod.success).toBe(true);
  expect(plain.data).toStrictEqual(zod.data);
  expect(JSON.stringify(plain.data)).toBe(JSON.stringify(zod.data));
}

describe('reading filter and aggregate settings by hand', () => {
  it('gives exactly what zod gives on random filter settings', () => {
    fc.assert(fc.property(filterConfig, (config) => agreesWithZod(filter, config)), { numRuns: 3000 });
  }, 60_000);

  it('gives exactly what zod gives on random behaviour rules', () => {
    fc.assert(fc.property(behaviourFilterConfig, (config) => agreesWithZod(filter, config)), { numRuns: 3000 });
  }, 60_000);

  it('gives exactly what zod gives on random aggregate settings', () => {
    fc.assert(fc.property(aggregateConfig, (config) => agreesWithZod(aggregate, config)), { numRuns: 3000 });
  }, 60_000);

  for (const [kind, settings] of [['compute', computeConfig], ['rank', rankConfig], ['union', combineConfig], ['intersect', combineConfig], ['exclude', combineConfig], ['output', outputConfig]] as const) {
    it(`gives exactly what zod gives on random ${kind} settings`, () => {
      const definition = getNodeDefinition(kind) as Definition;
      fc.assert(fc.property(settings, (config) => agreesWithZod(definition, config)), { numRuns: 2000 });
    }, 60_000);
  }

  it('reads the usual settings itself, and leaves the unusual ones to zod', () => {
    const condition = { combinator: 'or', rules: [{ field: 'plan', operator: 'in', value: ['pro', 'basic'] }, { combinator: 'and', not: true, rules: [{ field: 'credit_score', operator: 'between', value: [300, 600] }] }] };
    expect(plainConfig(filter, { condition })?.data).toStrictEqual({ condition });
    expect(plainConfig(aggregate, { as: 'spend', fn: 'sum', column: 'amount', withinDays: 30, where: condition })?.data).toStrictEqual({ as: 'spend', fn: 'sum', column: 'amount', withinDays: 30, where: condition });
    expect(plainConfig(getNodeDefinition('rank') as Definition, { as: 'decile', fn: 'ntile', buckets: 10, by: 'score', descending: true })).toBeDefined();
    expect(plainConfig(getNodeDefinition('compute') as Definition, { as: 'score', formula: 'a / b' })).toBeDefined();
    expect(plainConfig(getNodeDefinition('union') as Definition, {})).toBeDefined();
    const output = getNodeDefinition('output') as Definition;
    expect(plainConfig(output, { segment: 'vip', destination: { type: 'csv', path: 'vip.csv' }, fields: ['plan'] })).toBeDefined();
    // A webhook, an expected size: zod reads them (defaults, addresses, a refinement).
    expect(plainConfig(output, { segment: 'vip', destination: { type: 'webhook', url: 'https://crm.example.com/hook' } })).toBeUndefined();
    expect(plainConfig(output, { segment: 'vip', destination: { type: 'csv', path: 'vip.csv' }, expect: { min: 1 } })).toBeUndefined();
    const behaviour = { behavior: { fn: 'sum', column: 'amount', where: { combinator: 'and', rules: [{ field: 'category', operator: '=', value: 'x' }] }, withinDays: 30 }, operator: '>=', value: 10 };
    expect(plainConfig(filter, { condition: { combinator: 'and', rules: [behaviour] } })?.data).toStrictEqual({ condition: { combinator: 'and', rules: [behaviour] } });
    // A sequence rule, a typo, a key set to undefined: zod reads them and words the problem.
    const sequence = { sequence: { first: { combinator: 'and', rules: [] }, lookbackDays: 30, then: { combinator: 'and', rules: [] }, withinDays: 7 }, operator: 'followedBy' };
    expect(plainConfig(filter, { condition: { combinator: 'and', rules: [sequence] } })).toBeUndefined();
    expect(plainConfig(filter, { condition: { combinator: 'and', rules: [{ field: 'plan', operator: '=', valu: 'pro' }] } })).toBeUndefined();
    expect(plainConfig(aggregate, { as: 'spend', fn: 'count', column: undefined })).toBeUndefined();
  });

  it('keeps the problems zod words for settings it does not read', () => {
    const problems = validateWorkflow({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'source', config: { format: 'csv', path: 'c.csv', key: 'id' } },
        { id: 'f', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'plan', operator: '=', valu: 'pro' }] } } },
      ],
      edges: [{ source: 'c', target: 'f' }],
    });
    expect(problems.find((p) => p.nodeId === 'f' && p.code === 'invalid_config')?.message).toMatch(/valu/);
  });
});
