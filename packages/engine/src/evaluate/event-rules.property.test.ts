import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { runIn } from '../../test/run-helpers.ts';
import { readJsonLines, writeFiles } from '../../test/tiny-run.ts';
import { doc, edge, events, facts, node, output, rule, source } from '../../test/workflow-builders.ts';
import { compileEvaluator } from './compile-evaluator.ts';
import { isRow } from './types.ts';
import { dayOf, parseDate, parseTimestamp, type Row } from './values.ts';

/*
 * Behaviour and sequence rules over events with TIMESTAMPS (the random
 * workflows' events have dates only): times on a coarse grid so that ties,
 * same-day follow-ups and the as-of day's last second come up often.
 */
const AS_OF = '2022-06-30';
const CUSTOMERS = 40;
const SOURCES = { c: facts({ id: 'integer', tier: 'string' }), e: facts({ id: 'integer', ts: 'timestamp', amount: 'number', kind: 'string' }) };

function dataset(): { files: Record<string, string>; customers: Row[]; eventRows: Row[] } {
  let seed = 11;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const customers: Row[] = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: i + 1, tier: ['gold', 'silver'][i % 2] }));
  const lines = ['id,ts,amount,kind'];
  const eventRows: Row[] = [];
  for (let i = 0; i < 500; i++) {
    const id = 1 + Math.floor(rnd() * CUSTOMERS);
    const day = new Date(Date.parse('2022-06-05T00:00:00Z') + Math.floor(rnd() * 30) * 86_400_000).toISOString().slice(0, 10);
    const time = ['00:00:00', '09:00:00', '09:00:00', '18:30:00', '23:59:59'][Math.floor(rnd() * 5)];
    const ts = rnd() < 0.03 ? '' : `${day} ${time}`;
    const amount = rnd() < 0.05 ? '' : String(Math.floor(rnd() * 20) * 10);
    const kind = ['view', 'cart', 'buy'][Math.floor(rnd() * 3)];
    lines.push(`${id},${ts},${amount},${kind}`);
    eventRows.push({ id, ts: ts ? parseTimestamp(ts)! : null, amount: amount ? Number(amount) : null, kind });
  }
  return { files: { 'c.csv': ['id,tier', ...customers.map((c) => `${c.id},${c.tier}`)].join('\n'), 'e.csv': lines.join('\n') }, customers, eventRows };
}

const kindIs = fc.constantFrom('view', 'cart', 'buy').map((k) => ({ combinator: 'and', rules: [rule('kind', '=', k)] }));
const eventCondition = fc.oneof(kindIs, fc.constantFrom(
  { combinator: 'and', rules: [rule('amount', '>=', 100)] },
  { combinator: 'or', rules: [rule('kind', 'in', ['buy', 'cart']), rule('amount', 'null')] },
  { combinator: 'and', not: true, rules: [rule('kind', '=', 'view')] },
));
const sequenceArb = fc.record({
  sequence: fc.record({ first: eventCondition, lookbackDays: fc.constantFrom(0, 1, 3, 10, 40), then: eventCondition, withinDays: fc.constantFrom(0, 1, 2, 7) }),
  operator: fc.constantFrom('followedBy', 'notFollowedBy'),
});
const FIGURES: [Record<string, unknown>, unknown[], string[]][] = [
  [{ fn: 'count' }, [0, 1, 2, 3.5], ['>=', '<', '=', 'between']],
  [{ fn: 'sum', column: 'amount' }, [0, 100, 250], ['>', '<=', 'notBetween']],
  [{ fn: 'avg', column: 'amount' }, [50, 95.5], ['>', '<', 'null', 'notNull']],
  [{ fn: 'last', column: 'ts' }, ['2022-06-28T09:00:00Z', '2022-06-20T00:00:00Z'], ['>=', '<', 'withinLastDays']],
  [{ fn: 'first', column: 'kind' }, ['buy', 'cart'], ['=', '!=', 'in']],
  [{ fn: 'days_since_last' }, [0, 1, 3], ['<=', '>']],
];
const behaviourArb = fc.record({
  figure: fc.constantFrom(...FIGURES),
  pick: fc.nat(100),
  where: fc.option(eventCondition, { nil: undefined }),
  withinDays: fc.option(fc.constantFrom(0, 1, 7, 20), { nil: undefined }),
  shorthand: fc.constantFrom(undefined, 'did', 'didNot'),
}).map(({ figure: [fig, values, operators], pick, where, withinDays, shorthand }) => {
  const behavior = { ...fig, ...(where ? { where } : {}), ...(withinDays === undefined ? {} : { withinDays }) };
  if (fig.fn === 'count' && shorthand) return { behavior, operator: shorthand };
  const operator = operators[pick % operators.length];
  const value = operator === 'withinLastDays' ? 2 : operator === 'in' ? values : operator.includes('etween') ? [values[0], values[1]] : values[pick % values.length];
  return { behavior, operator, ...(operator === 'null' || operator === 'notNull' ? {} : { value }) };
});
const conditionArb = fc.record({
  combinator: fc.constantFrom('and', 'or'),
  not: fc.boolean(),
  rules: fc.array(fc.oneof(sequenceArb, behaviourArb, fc.constant(rule('tier', '=', 'gold'))), { minLength: 1, maxLength: 3 }),
});

let data: ReturnType<typeof dataset>;
let dataDir: string;
beforeAll(() => {
  data = dataset();
  dataDir = writeFiles(data.files);
});

describe('behaviour and sequence rules on timestamped events', () => {
  it('keep, one customer at a time, exactly the customers the batch engine keeps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(conditionArb, { minLength: 12, maxLength: 12 }), async (conditions) => {
        const nodes = [source('c'), events('e')];
        const edges = [];
        for (const [i, condition] of conditions.entries()) {
          nodes.push(node(`f${i}`, 'filter', { condition }), output(`out${i}`));
          edges.push(edge('c', `f${i}`), edge('e', `f${i}`, 'events'), edge(`f${i}`, `out${i}`));
        }
        const document = doc(nodes, edges);
        const analysis = analyzeWorkflow(document, { sources: SOURCES });
        expect(analysis.problems).toEqual([]);
        const { state } = await runIn(document, { dataDir, mode: 'hybrid', partitions: 2, asOf: AS_OF });
        expect(state?.status).toBe('succeeded');
        const evaluator = compileEvaluator(analysis);
        const asOfDay = dayOf(parseDate(AS_OF)!);
        for (const customer of data.customers) {
          const { segments } = evaluator.evaluate({ profiles: { c: customer }, events: { e: data.eventRows.filter((e) => e.id === customer.id) } }, asOfDay);
          for (const i of conditions.keys()) {
            const batch = readJsonLines(state!.segments[`out${i}`].path).some((r) => r.id === customer.id);
            expect(isRow(segments[`out${i}`]), `customer ${customer.id}, ${JSON.stringify(conditions[i])}`).toBe(batch);
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
