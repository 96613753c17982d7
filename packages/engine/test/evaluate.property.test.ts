import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileEvaluator, dayOf, parseDate, toJson, type Row } from '../src/evaluate/index.ts';
import { isRow } from '../src/evaluate/types.ts';
import { analyzeWorkflow } from '../src/validate/index.ts';
import { buildWorkflow, RECIPE_SOURCES, tinyDataset, workflowPlanArb } from './arbitrary-workflow.ts';
import { runIn } from './run-helpers.ts';
import { readJsonLines, writeFiles } from './tiny-run.ts';
import { edge, node } from './workflow-builders.ts';

const AS_OF = '2022-06-30';
let dataDir: string;
let customers: Row[];
let eventsById: Map<number, Row[]>;
let tiers: Row[];

/** The CSV text of the tiny dataset as the evaluator's rows: what a caller would send, one customer at a time. */
function parseCsv(text: string, read: (cells: string[]) => Row): Row[] {
  return text.trim().split('\n').slice(1).map((line) => read(line.split(',')));
}
const numberOrNull = (s: string) => (s === '' ? null : Number(s));

beforeAll(() => {
  const files = tinyDataset();
  dataDir = writeFiles(files);
  const seen = new Set<number>();
  // As the source reads them: rows without a key dropped, the first of a repeated key kept.
  customers = parseCsv(files['customers.csv'], ([id, age, income, country, signup, vip]) => ({
    id: numberOrNull(id), age: Number(age), income: numberOrNull(income), country, signup: parseDate(signup)!, vip: vip === 'true',
  })).filter((c) => c.id !== null && !seen.has(c.id as number) && seen.add(c.id as number));
  eventsById = new Map();
  for (const e of parseCsv(files['events.csv'], ([id, ts, amount, kind]) => ({ id: numberOrNull(id), ts: parseDate(ts)!, amount: Number(amount), kind }))) {
    if (e.id === null) continue;
    eventsById.set(e.id as number, [...(eventsById.get(e.id as number) ?? []), e]);
  }
  tiers = parseCsv(files['tiers.csv'], ([id, tier, points]) => ({ id: Number(id), tier, points: numberOrNull(points) }));
});

/** Numbers as the segment file holds them: equal when they agree to 12 significant digits. */
const same = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? Number(a.toPrecision(12)) === Number(b.toPrecision(12)) : a === b;

/**
 * The recipe's document with every population delivered as a json segment, so
 * each node's members are compared (not only those on an output's path).
 */
function everyNodeDelivered(document: ReturnType<typeof buildWorkflow>) {
  const nodes = [...document.nodes];
  const edges = [...document.edges];
  for (const n of document.nodes) {
    if (n.kind === 'output') (n.config as { destination: unknown }).destination = { type: 'json', path: `${n.id}.json` };
    else if (!['source', 'events'].includes(n.kind)) {
      nodes.push(node(`all_${n.id}`, 'output', { segment: `all_${n.id}`, destination: { type: 'json', path: `all_${n.id}.json` } }));
      edges.push(edge(n.id, `all_${n.id}`));
    }
  }
  return { ...document, nodes, edges };
}

describe('one-customer evaluation', () => {
  it('gives every customer the membership and the segment row the batch engine gives, for random workflows', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb, async (recipe) => {
        const document = everyNodeDelivered(buildWorkflow(recipe));
        const result = await runIn(document, { dataDir, mode: 'hybrid', partitions: 2, asOf: AS_OF });
        expect(result.state?.status).toBe('succeeded');
        const analysis = analyzeWorkflow(document, { sources: RECIPE_SOURCES });
        const cuts = Object.fromEntries(Object.entries(result.state!.nodes).flatMap(([id, n]) => (n.cuts ? [[id, n.cuts]] : [])));
        const lookups = document.nodes.filter((n) => n.kind === 'lookup').map((n) => [n.id, { lookup: tiers }]);
        const evaluator = compileEvaluator(analysis, { cuts, tables: Object.fromEntries(lookups) });
        const asOfDay = dayOf(parseDate(AS_OF)!);
        for (const [segment, { path }] of Object.entries(result.state!.segments)) {
          const schema = analysis.schemas.get(document.nodes.find((n) => (n.config as { segment?: string }).segment === segment)!.id)!;
          const batch = new Map(readJsonLines(path).map((r) => [r.id as number, r]));
          for (const customer of customers) {
            const id = customer.id as number;
            const answer = evaluator.evaluate({ profiles: { customers: customer }, events: { events: eventsById.get(id) ?? [] } }, asOfDay);
            const row = answer.segments[segment];
            expect(isRow(row), `${segment}: customer ${id}`).toBe(batch.has(id));
            if (!isRow(row)) continue;
            const expected = batch.get(id)!;
            for (const c of schema.columns) {
              const mine = toJson(row[c.name] ?? null, c.type);
              expect(same(mine, expected[c.name]) ? expected[c.name] : mine, `${segment}: customer ${id}, ${c.name}`).toEqual(expected[c.name]);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
