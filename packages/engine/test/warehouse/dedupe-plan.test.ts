import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../destinations/postgres-cluster.ts';
import { writeFiles } from '../tiny-run.ts';
import { sourceNode } from '../../src/nodes/source.node.ts';
import { tableSql, type WarehouseReadConfig } from '../../src/nodes/ingestion.ts';
import { postgresDialect } from '../../src/sql/dialects/index.ts';
import { dateLiteral, raw } from '../../src/sql/sql.ts';
import { describeWarehouseSources } from '../../src/warehouse/describe-sources.ts';
import { CHECK_DEADLINES, openWarehouse, pgQuery } from '../../src/warehouse/open-warehouse.ts';
import { loadFileIntoPostgres, warehouseCredentials } from './load-tables.ts';

/** 3,000 customers, each key twice: enough rows for PostgreSQL to plan as it would for many. */
const ROWS = Array.from({ length: 6_000 }, (_, i) => `${i % 3_000},name ${i},${i % 97}`);

let cluster: { url: string; stop(): void };
beforeAll(async () => {
  cluster = startPostgres();
  const dataDir = writeFiles({ 'people.csv': ['id,name,score', ...ROWS].join('\n') });
  await loadFileIntoPostgres(cluster.url, { format: 'csv', path: 'people.csv', key: 'id' }, join(dataDir, 'people.csv'), 'people');
}, 600_000);
afterAll(() => cluster?.stop());

/** The plan PostgreSQL runs for a source's dedupe, as a run compiles it (warehouse-backend's ingest). */
async function planOf(dedupe?: { keep: 'first' | 'last'; orderBy?: string }): Promise<string> {
  const config: WarehouseReadConfig & { dedupe?: typeof dedupe } = { format: 'postgres', connection: 'warehouse', table: 'public.people', key: 'id', ...(dedupe ? { dedupe } : {}) };
  const facts = await describeWarehouseSources(new Map([['p', config]]), warehouseCredentials(cluster.url));
  const { schema } = sourceNode.infer({ nodeId: 'p', config, inputs: {}, source: facts.p });
  const select = sourceNode.compile({
    nodeId: 'p', config, inputs: {}, output: schema!, asOf: dateLiteral('2022-06-30'), dialect: postgresDialect,
    raw: tableSql(config.table), rawOrder: raw('ctid'), source: facts.p,
  });
  const session = await openWarehouse(cluster.url, undefined, CHECK_DEADLINES);
  try {
    await session.query('ANALYZE public.people');
    const explained = { ...pgQuery(select), text: `EXPLAIN (COSTS OFF) ${pgQuery(select).text}` };
    return (await session.query(explained)).rows.map((r) => String(r['QUERY PLAN'])).join('\n');
  } finally {
    await session.close();
  }
}

describe('a source\'s dedupe in PostgreSQL', () => {
  it('reads the table once and sorts it, never looking each customer\'s row up again', async () => {
    for (const dedupe of [undefined, { keep: 'last' as const }, { keep: 'first' as const, orderBy: 'score' }]) {
      const plan = await planOf(dedupe);
      expect(plan).not.toMatch(/Tid Scan|Nested Loop|WindowAgg/);
      expect(plan.match(/Seq Scan on people/g)).toHaveLength(1);
      expect(plan).toMatch(/Unique/);
    }
  });
});
