import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAbsolute } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWorkflow } from '../src/duckdb/run-workflow.ts';
import { compileEvaluator, dayOf, fromStoredRow, parseDate, toJson, type Row } from '../src/evaluate/index.ts';
import { isRow } from '../src/evaluate/types.ts';
import type { RunMode } from '../src/model/document.ts';
import { createPreviewer, type Previewer } from '../src/preview/previewer.ts';
import { runIn, tempDir } from './run-helpers.ts';
import { DATASETS } from './shared-paths.ts';
import { readJsonLines } from './tiny-run.ts';
import { doc, edge, node } from './workflow-builders.ts';

/*
 * Worked examples of behaviour rules, sequences, split and priority over the
 * CDNOW orders (events) and customers (profiles), as of the last order day.
 * Each segment is computed a second time below in plain TypeScript over the
 * CSV rows (with node:crypto's md5), and both must hold the same customers.
 */
const AS_OF = '2022-06-30';

const rule = (field: string, operator: string, value?: unknown) => ({ field, operator, ...(value === undefined ? {} : { value }) });
const group = (combinator: 'and' | 'or', rules: unknown[], not = false) => ({ combinator, rules, ...(not ? { not } : {}) });
const bought = (where?: unknown, withinDays?: number) => ({ fn: 'count', ...(where ? { where } : {}), ...(withinDays === undefined ? {} : { withinDays }) });
const bigOrder = group('and', [rule('amount', '>=', 50)]);
const anyOrder = group('and', [rule('quantity', '>=', 1)]);

const FILTERS: Record<string, unknown> = {
  // Spent over 100 in the last 90 days on orders of 2 items or more.
  big_recent: group('and', [{ behavior: { fn: 'sum', column: 'amount', where: group('and', [rule('quantity', '>=', 2)]), withinDays: 90 }, operator: '>', value: 100 }]),
  // Ordered something of 50 or more at some time, but not 3 times or more in the last year.
  loyal_not: group('and', [{ behavior: bought(bigOrder), operator: 'did' }, group('and', [{ behavior: bought(undefined, 365), operator: '>=', value: 3 }], true)]),
  did_30: group('and', [{ behavior: bought(undefined, 30), operator: 'did' }]),
  lapsed_180: group('and', [{ behavior: bought(undefined, 180), operator: 'didNot' }, { behavior: { fn: 'days_since_first' }, operator: '>', value: 365 }]),
  // A big order in the last 60 days, then (or not) another order within 30 days of it.
  seq_followed: group('and', [{ sequence: { first: bigOrder, lookbackDays: 60, then: anyOrder, withinDays: 30 }, operator: 'followedBy' }]),
  seq_not: group('and', [{ sequence: { first: bigOrder, lookbackDays: 60, then: anyOrder, withinDays: 30 }, operator: 'notFollowedBy' }]),
};
const SPLIT = { seed: 'cdnow-2022', groups: [{ name: 'test', percent: 45.5 }, { name: 'control', percent: 44.5 }, { name: 'holdout', percent: 10 }] };
const PRIORITY_INPUTS = ['big_recent', 'seq_followed', 'did_30'];

function workflow() {
  const nodes = [
    node('customers', 'source', { format: 'csv', path: 'cdnow_customers.csv', key: 'customer_id' }),
    node('orders', 'events', { format: 'csv', path: 'cdnow_orders.csv', key: 'customer_id', timestamp: 'order_date' }),
    node('arm', 'split', SPLIT),
    node('no_holdout', 'filter', { condition: group('and', [rule('group', '!=', 'holdout')]) }),
    node('one_each', 'priority', { as: 'audience' }),
  ];
  const edges = [edge('customers', 'arm'), edge('arm', 'no_holdout')];
  const out = (id: string, from: string, fields: string[]) => {
    nodes.push(node(`out_${id}`, 'output', { segment: id, destination: { type: 'json', path: `${id}.json` }, fields }));
    edges.push(edge(from, `out_${id}`));
  };
  for (const [id, condition] of Object.entries(FILTERS)) {
    nodes.push(node(id, 'filter', { condition }));
    edges.push(edge('no_holdout', id), edge('orders', id, 'events'));
    out(id, id, ['customer_id', 'group']);
  }
  edges.push(...PRIORITY_INPUTS.map((id) => edge(id, 'one_each')));
  out('arms', 'arm', ['customer_id', 'group']);
  out('priority', 'one_each', ['customer_id', 'audience']);
  return doc(nodes, edges);
}

/* ---- The second implementation: plain TypeScript over the CSV rows. ---- */

interface Order { day: number; quantity: number; amount: number }
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const asOf = dayNumber(AS_OF);

function readCsv(file: string): string[][] {
  return readFileSync(join(DATASETS, file), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
}

function referenceSegments(): Record<string, Map<string, string>> {
  const customers = [...new Set(readCsv('cdnow_customers.csv').map((r) => r[0]).filter(Boolean))];
  const orders = new Map<string, Order[]>();
  for (const [id, date, quantity, amount] of readCsv('cdnow_orders.csv')) {
    if (!id || dayNumber(date) > asOf) continue;
    orders.set(id, [...(orders.get(id) ?? []), { day: dayNumber(date), quantity: Number(quantity), amount: Number(amount) }]);
  }
  const of = (id: string) => orders.get(id) ?? [];
  const within = (days: number) => (o: Order) => o.day >= asOf - days;
  const count = (id: string, keep: (o: Order) => boolean) => of(id).filter(keep).length;
  /** null without an anchor, else whether an order followed it. */
  const followed = (id: string): boolean | null => {
    const anchors = of(id).filter((o) => o.amount >= 50 && o.day >= asOf - 60).map((o) => o.day);
    if (!anchors.length) return null;
    const anchor = Math.max(...anchors);
    return of(id).some((o) => o.quantity >= 1 && o.day > anchor && o.day <= anchor + 30);
  };
  const bucket = (id: string) => parseInt(createHash('md5').update(`${SPLIT.seed}:${id}`).digest('hex').slice(0, 8), 16) % 10000;
  const arm = (id: string) => (bucket(id) < 4550 ? 'test' : bucket(id) < 9000 ? 'control' : 'holdout');
  const tests: Record<string, (id: string) => boolean> = {
    big_recent: (id) => of(id).filter((o) => o.quantity >= 2 && within(90)(o)).reduce((s, o) => s + o.amount, 0) > 100 + 1e-9,
    loyal_not: (id) => count(id, (o) => o.amount >= 50) >= 1 && !(count(id, within(365)) >= 3),
    did_30: (id) => count(id, within(30)) >= 1,
    lapsed_180: (id) => count(id, within(180)) === 0 && of(id).length > 0 && asOf - Math.min(...of(id).map((o) => o.day)) > 365,
    seq_followed: (id) => followed(id) === true,
    seq_not: (id) => followed(id) === false,
  };
  const segments: Record<string, Map<string, string>> = { arms: new Map(customers.map((id) => [id, arm(id)])) };
  const kept = customers.filter((id) => arm(id) !== 'holdout');
  for (const [name, test] of Object.entries(tests)) segments[name] = new Map(kept.filter(test).map((id) => [id, arm(id)]));
  segments.priority = new Map();
  for (const input of PRIORITY_INPUTS)
    for (const id of segments[input].keys()) if (!segments.priority.has(id)) segments.priority.set(id, input);
  return segments;
}

/* ---- The check. ---- */

let reference: Record<string, Map<string, string>>;
let previewer: Previewer;
beforeAll(async () => {
  reference = referenceSegments();
  const out = tempDir();
  previewer = await createPreviewer({ resolvePath: (p, use) => (isAbsolute(p) ? p : join(use === 'read' ? DATASETS : out, p)) });
});
afterAll(() => previewer.close());

/** Every row a node holds, in the evaluator's form. */
async function allRows(nodeId: string): Promise<Row[]> {
  const { columns, rows } = await previewer.rows(workflow(), nodeId, { limit: 1_000_000, cap: 1_000_000 });
  return rows.map((r) => fromStoredRow(r, columns as never));
}

const CONFIGURATIONS: [RunMode, number, boolean][] = [
  ['sequential', 1, false], ['parallel', 3, false], ['hybrid', 2, false], ['hybrid', 5, false], ['sequential', 1, true], ['hybrid', 3, true],
];

describe('worked examples of behaviour rules, sequences, split and priority on the CDNOW data', () => {
  it('the reference finds customers in every segment, each group of the split and each audience', () => {
    for (const [name, members] of Object.entries(reference)) expect(members.size, name).toBeGreaterThan(20);
    expect(new Set(reference.arms.values())).toEqual(new Set(['test', 'control', 'holdout']));
    expect(new Set(reference.priority.values())).toEqual(new Set(PRIORITY_INPUTS));
  });

  it.each(CONFIGURATIONS)('give the members the plain TypeScript computation gives (%s, %i, every node stored: %s)', async (mode, partitions, storeEveryNode) => {
    const { state, problems } = await runIn(workflow(), { mode, partitions, asOf: AS_OF, storeEveryNode });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(state?.status).toBe('succeeded');
    for (const [name, expected] of Object.entries(reference)) {
      const rows = readJsonLines(state!.segments[name].path);
      const column = name === 'priority' ? 'audience' : 'group';
      const got = new Map(rows.map((r) => [String(r.customer_id), String(r[column])]));
      expect(state!.segments[name].count, name).toBe(expected.size);
      expect(got, name).toEqual(expected);
    }
  }, 120_000);

  it('give each customer, one at a time, the segments and rows of the batch run', async () => {
    const { state } = await runIn(workflow(), { mode: 'sequential', asOf: AS_OF });
    expect(state?.status).toBe('succeeded');
    const analysis = await checkWorkflow(workflow(), { resolvePath: (p) => join(DATASETS, p) });
    const evaluator = compileEvaluator(analysis);
    const orders = new Map<unknown, Row[]>();
    for (const o of await allRows('orders')) orders.set(o.customer_id, [...(orders.get(o.customer_id) ?? []), o]);
    const batch = Object.fromEntries(Object.entries(state!.segments).map(([name, s]) => [name, new Map(readJsonLines(s.path).map((r) => [r.customer_id, r]))]));
    const asOfDay = dayOf(parseDate(AS_OF)!);
    const customers = await allRows('customers');
    expect(customers.length).toBeGreaterThan(20_000);
    for (const customer of customers) {
      const { segments } = evaluator.evaluate({ profiles: { customers: customer }, events: { orders: orders.get(customer.customer_id) ?? [] } }, asOfDay);
      for (const [name, members] of Object.entries(batch)) {
        const row = segments[name];
        const expected = members.get(customer.customer_id);
        expect(isRow(row), `${name}: customer ${customer.customer_id}`).toBe(expected !== undefined);
        if (!isRow(row)) continue;
        const schema = analysis.schemas.get(`out_${name}`)!;
        expect(Object.fromEntries(schema.columns.map((c) => [c.name, toJson(row[c.name] ?? null, c.type)])), `${name}: customer ${customer.customer_id}`).toEqual(expected);
      }
    }
  }, 120_000);
});
