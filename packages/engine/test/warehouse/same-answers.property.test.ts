import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkflow, tinyDataset, workflowPlanArb } from '../arbitrary-workflow.ts';
import { runIn } from '../run-helpers.ts';
import { writeFiles } from '../tiny-run.ts';
import { startPostgres } from '../destinations/postgres-cluster.ts';
import { loadFileIntoPostgres, warehouseCredentials, withWarehouseSources } from './load-tables.ts';

const TABLES = { 'customers.csv': 'customers', 'events.csv': 'events', 'tiers.csv': 'tiers' };

let cluster: { url: string; stop(): void };
let dataDir: string;
beforeAll(async () => {
  cluster = startPostgres();
  dataDir = writeFiles(tinyDataset());
  for (const [file, table] of Object.entries(TABLES))
    await loadFileIntoPostgres(cluster.url, { format: 'csv', path: file, key: 'id' }, join(dataDir, file), table);
}, 600_000);
afterAll(() => cluster?.stop());

/** Every segment file's exact text, by segment name. */
async function segments(document: unknown, options: Parameters<typeof runIn>[1]) {
  const result = await runIn(document, { dataDir, mode: 'sequential', asOf: '2022-06-30', ...options });
  if (!result.state) throw new Error(`not run: ${JSON.stringify(result.problems)}`);
  expect(result.state.status, JSON.stringify(result.state.nodes)).toBe('succeeded');
  return Object.fromEntries(Object.entries(result.state.segments).map(([name, s]) => [name, readFileSync(s.path, 'utf8')]));
}

describe('a workflow over warehouse tables', () => {
  it('gives, computed in PostgreSQL, the very segment files DuckDB gives over the same data as files', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb, async (recipe) => {
        const document = buildWorkflow(recipe);
        const inDuckDb = await segments(document, {});
        const inPostgres = await segments(withWarehouseSources(document, TABLES), { credentials: warehouseCredentials(cluster.url) });
        expect(inPostgres).toEqual(inDuckDb);
      }),
      { numRuns: 40 },
    );
  }, 600_000);
});
