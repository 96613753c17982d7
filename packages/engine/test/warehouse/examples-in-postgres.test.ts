import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSegment, runIn } from '../run-helpers.ts';
import { DATASETS, EXAMPLES } from '../shared-paths.ts';
import { startPostgres } from '../destinations/postgres-cluster.ts';
import type { ReadConfig } from '../../src/nodes/ingestion.ts';
import { loadFileIntoPostgres, warehouseCredentials, withWarehouseSources } from './load-tables.ts';

interface Expected {
  file: string;
  asOf: string | null;
  segments: Record<string, number>;
}

const expected: Expected[] = JSON.parse(readFileSync(join(EXAMPLES, 'expected.json'), 'utf8'));
const load = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
const tableOf = (path: string) => path.replace(/\.csv$/, '');

let cluster: { url: string; stop(): void };
beforeAll(async () => {
  cluster = startPostgres();
  // Each dataset loaded once, read as the examples' source nodes read it (date formats applied).
  const loaded = new Set<string>();
  for (const { file } of expected)
    for (const node of load(file).nodes as { kind: string; config: ReadConfig }[]) {
      if ((node.kind !== 'source' && node.kind !== 'events') || loaded.has(node.config.path)) continue;
      loaded.add(node.config.path);
      await loadFileIntoPostgres(cluster.url, node.config, join(DATASETS, node.config.path), tableOf(node.config.path));
    }
}, 600_000);
afterAll(() => cluster?.stop());

describe('the spec worked examples with their tables in PostgreSQL', () => {
  for (const example of expected) {
    it(`${example.file} gives the expected segment sizes, and the members DuckDB gives from the files`, async () => {
      const document = load(example.file);
      const tables = Object.fromEntries(document.nodes.filter((n: { kind: string }) => n.kind === 'source' || n.kind === 'events')
        .map((n: { config: ReadConfig }) => [n.config.path, tableOf(n.config.path)]));
      const asOf = example.asOf ?? '2026-01-01';
      const warehouse = await runIn(withWarehouseSources(document, tables), { mode: 'sequential', asOf, credentials: warehouseCredentials(cluster.url) });
      expect(warehouse.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(warehouse.state?.status).toBe('succeeded');
      const counts = Object.fromEntries(Object.entries(warehouse.state!.segments).map(([name, s]) => [name, s.count]));
      expect(counts).toEqual(example.segments);
      const files = await runIn(document, { mode: 'sequential', asOf });
      for (const [name, segment] of Object.entries(files.state!.segments))
        expect(readSegment(warehouse.state!.segments[name].path), name).toEqual(readSegment(segment.path));
    }, 120_000);
  }
});
