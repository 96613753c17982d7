import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachDatabase, openDatabase, queryRows, type Database } from '../../src/duckdb/database.ts';
import { deliverWebhook } from '../../src/destinations/deliver-webhook.ts';
import { tableSegment } from '../../src/destinations/duckdb-segment.ts';
import { memoryLedger } from '../../src/destinations/ledger.ts';
import type { Schema } from '../../src/model/column.ts';
import { ident, sql } from '../../src/sql/sql.ts';
import { ALLOW_LOOPBACK, startReceiver } from './receiver.ts';

let database: Database;
let connection: DuckDBConnection;
beforeAll(async () => {
  database = await openDatabase();
  connection = await database.connect();
  await connection.run(`CREATE TABLE seg AS SELECT (1000 - i)::BIGINT AS id, 'c' || i AS name, i / 4 AS score, DATE '2022-01-01' + i::INT AS since,
    TIMESTAMP '2022-01-01 10:00:00' + INTERVAL (i) MINUTE AS seen, i % 2 = 0 AS vip FROM range(1000) t(i)`);
});
afterAll(() => {
  connection?.closeSync();
  database?.close();
});

const schema: Schema = {
  kind: 'population',
  key: 'id',
  columns: [
    { name: 'id', type: 'integer', origin: 's' },
    { name: 'name', type: 'string', origin: 's' },
    { name: 'score', type: 'number', origin: 's' },
    { name: 'since', type: 'date', origin: 's' },
    { name: 'seen', type: 'timestamp', origin: 's' },
    { name: 'vip', type: 'boolean', origin: 's' },
  ],
};

it('streams a DuckDB segment table in key order, in batches of any size', async () => {
  const segment = tableSegment(connection, ident('seg'), schema, 1000);
  const sizes: number[] = [];
  const ids: unknown[] = [];
  for await (const batch of segment.batches(300)) {
    sizes.push(batch.length);
    ids.push(...batch.map((r) => r.id));
  }
  expect(sizes).toEqual([300, 300, 300, 100]);
  expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => BigInt(i + 1)));
});

it('delivers a DuckDB segment to a webhook with typed JSON values', async () => {
  const receiver = await startReceiver();
  try {
    const segment = tableSegment(connection, ident('seg'), schema, 1000);
    const result = await deliverWebhook(segment, { type: 'webhook', url: receiver.url, batchSize: 250 },
      { runId: 'r', nodeId: 'out', segmentName: 'all', ledger: memoryLedger(), allow: ALLOW_LOOPBACK });
    expect(result).toEqual({ batches: 4, skipped: 0, attempts: 4 });
    expect(receiver.requests[0].rows[0]).toEqual({ id: 1, name: 'c999', score: 249.75, since: '2024-09-26', seen: '2022-01-02T02:39:00.000Z', vip: false });
  } finally {
    await receiver.close();
  }
});

it('lets go of its database when a delivery stops half way, so a shared DuckDB can attach the file again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segflow-segment-'));
  const host = await openDatabase();
  try {
    const file = join(dir, 'results.duckdb');
    const results = await attachDatabase(host, file, 'first');
    const c = await results.connect();
    await c.run('CREATE TABLE seg AS SELECT i::BIGINT AS id FROM range(10000) t(i)');
    const idSchema: Schema = { kind: 'population', key: 'id', columns: [{ name: 'id', type: 'integer', origin: 's' }] };
    // A delivery that fails after its first batch stops reading the stream.
    for await (const batch of tableSegment(c, ident('seg'), idSchema, 10000).batches(100)) {
      expect(batch).toHaveLength(100);
      break;
    }
    c.closeSync();
    await results.close();
    const again = await attachDatabase(host, file, 'second');
    const c2 = await again.connect();
    expect(await queryRows(c2, sql`SELECT count(*)::INT AS n FROM seg`)).toEqual([{ n: 10000 }]);
    c2.closeSync();
    await again.close();
  } finally {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
