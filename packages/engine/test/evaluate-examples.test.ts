import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileEvaluator, dayOf, fromStoredRow, parseDate, type Row } from '../src/evaluate/index.ts';
import { isRow } from '../src/evaluate/types.ts';
import { createPreviewer, type Previewer } from '../src/preview/previewer.ts';
import { checkWorkflow } from '../src/duckdb/run-workflow.ts';
import { readSegment, runIn, tempDir } from './run-helpers.ts';
import { DATASETS, EXAMPLES } from './shared-paths.ts';

interface Expected { file: string; asOf: string | null; segments: Record<string, number> }
const expected: Expected[] = JSON.parse(readFileSync(join(EXAMPLES, 'expected.json'), 'utf8'));
const load = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));

let previewer: Previewer;
beforeAll(async () => {
  const out = tempDir();
  previewer = await createPreviewer({ resolvePath: (p, use) => (isAbsolute(p) ? p : join(use === 'read' ? DATASETS : out, p)) });
});
afterAll(() => previewer.close());

/** Every row a node holds, in the evaluator's form. */
async function allRows(document: unknown, nodeId: string): Promise<Row[]> {
  const { columns, rows } = await previewer.rows(document, nodeId, { limit: 1_000_000, cap: 1_000_000 });
  return rows.map((r) => fromStoredRow(r, columns as never));
}

describe('the spec worked examples, one customer at a time', () => {
  for (const example of expected) {
    it(`${example.file}: every customer is in a segment exactly when the batch run puts them there`, async () => {
      const document = load(example.file);
      const asOf = example.asOf ?? '2026-01-01';
      const { state } = await runIn(document, { mode: 'sequential', asOf });
      expect(state?.status).toBe('succeeded');
      const analysis = await checkWorkflow(document, { resolvePath: (p) => join(DATASETS, p) });
      const cuts = Object.fromEntries(Object.entries(state!.nodes).flatMap(([id, n]) => (n.cuts ? [[id, n.cuts]] : [])));
      const evaluator = compileEvaluator(analysis, { cuts });
      const [profileId, ...others] = evaluator.customerSources.filter((id) => analysis.schemas.get(id)!.kind === 'population');
      expect(others).toEqual([]);
      const key = analysis.schemas.get(profileId)!.key;
      const eventIds = evaluator.customerSources.filter((id) => analysis.schemas.get(id)!.kind === 'events');
      const eventsByKey = new Map<string, Map<unknown, Row[]>>();
      for (const id of eventIds) {
        const byKey = new Map<unknown, Row[]>();
        const eventKey = analysis.schemas.get(id)!.key;
        for (const e of await allRows(document, id)) byKey.set(e[eventKey], [...(byKey.get(e[eventKey]) ?? []), e]);
        eventsByKey.set(id, byKey);
      }
      const asOfDay = dayOf(parseDate(asOf)!);
      const members: Record<string, Set<string>> = {};
      for (const customer of await allRows(document, profileId)) {
        const events = Object.fromEntries(eventIds.map((id) => [id, eventsByKey.get(id)!.get(customer[key]) ?? []]));
        const { segments } = evaluator.evaluate({ profiles: { [profileId]: customer }, events }, asOfDay);
        for (const [name, r] of Object.entries(segments)) if (isRow(r)) (members[name] ??= new Set()).add(String(customer[key]));
      }
      for (const [name, segment] of Object.entries(state!.segments)) {
        const batch = readSegment(segment.path).slice(1).map((line) => line.split(',')[0]);
        expect(batch.length).toBe(example.segments[name]);
        expect([...(members[name] ?? [])].sort(), name).toEqual(batch.sort());
      }
    }, 120_000);
  }
});
