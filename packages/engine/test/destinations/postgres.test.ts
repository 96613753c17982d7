import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPostgres } from '../../src/destinations/deliver-postgres.ts';
import { memoryLedger, type DeliveryLedger } from '../../src/destinations/ledger.ts';
import { segmentFromRows, type SegmentBatches } from '../../src/destinations/segment-batches.ts';
import { isPermanent } from '../../src/run/permanent-error.ts';
import type { RunEvent } from '../../src/run/run-events.ts';
import { runTiny } from '../tiny-run.ts';
import { chain, doc, output, source } from '../workflow-builders.ts';
import { CUSTOMER_TYPES, customers } from './receiver.ts';
import { startPostgres } from './postgres-cluster.ts';

let cluster: ReturnType<typeof startPostgres>;
let db: pg.Client;
const figures: string[] = [];

beforeAll(async () => {
  cluster = startPostgres();
  db = new pg.Client({ connectionString: cluster.url });
  await db.connect();
}, 600_000);

afterAll(async () => {
  await db?.end();
  cluster?.stop();
  console.log(`postgres figures\n  ${figures.join('\n  ')}`);
});

const LOOPBACK = { cidrs: ['127.0.0.1/32'] };
const ctx = (runId: string, ledger: DeliveryLedger = memoryLedger()) => ({ runId, nodeId: 'out', segmentName: 'vip', ledger, allow: LOOPBACK });
const dest = (table: string, extra: Record<string, unknown> = {}) => ({ type: 'postgres' as const, connection: cluster.url, table, batchSize: 1000, ...extra });
const tableRows = async (table: string) => (await db.query(`SELECT * FROM ${table} ORDER BY id`)).rows;

/** What the table should hold for these customers (pg reads bigint as text, dates as local Date). */
const expected = (rows: Record<string, unknown>[]) =>
  rows.map((r) => ({ ...r, id: String(r.id), since: (r.since as Date).toISOString().slice(0, 10) }));

describe('postgres delivery', () => {
  beforeAll(async () => {
    // Dates as text, so the comparison does not depend on the machine's time zone.
    pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
  });

  it('creates the table with mapped types and upserts the segment', async () => {
    const rows = customers(2500);
    const started = Date.now();
    const result = await deliverPostgres(segmentFromRows(rows, { types: CUSTOMER_TYPES }), dest('vip'), ctx('run1'));
    expect(result).toEqual({ rows: 2500, skipped: false });
    expect(await tableRows('vip')).toEqual(expected(rows));
    const columns = await db.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'vip' ORDER BY ordinal_position`);
    expect(columns.rows).toEqual([
      { column_name: 'id', data_type: 'bigint' },
      { column_name: 'name', data_type: 'text' },
      { column_name: 'score', data_type: 'double precision' },
      { column_name: 'vip', data_type: 'boolean' },
      { column_name: 'since', data_type: 'date' },
    ]);
    const key = await db.query(`SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'vip'::regclass AND i.indisprimary`);
    expect(key.rows).toEqual([{ attname: 'id' }]);
    figures.push(`first delivery: 2500 rows in 3 batches, ${Date.now() - started} ms`);
  });

  it('is idempotent: the same delivery again changes nothing, and the ledger skips a delivered one', async () => {
    const rows = customers(2500);
    const ledger = memoryLedger();
    expect(await deliverPostgres(segmentFromRows(rows, { types: CUSTOMER_TYPES }), dest('vip'), ctx('run2', ledger))).toEqual({ rows: 2500, skipped: false });
    expect(await deliverPostgres(segmentFromRows(rows, { types: CUSTOMER_TYPES }), dest('vip'), ctx('run2', ledger))).toEqual({ rows: 2500, skipped: true });
    expect(await ledger.delivered('run2:out:pg')).toBe(true);
    expect(await tableRows('vip')).toEqual(expected(rows));
    figures.push('re-delivery: 2500 rows, table unchanged (0 duplicates); ledger skip on the same run');
  });

  it('leaves exactly the segment after a delivery with fewer and changed rows', async () => {
    const rows = customers(2500)
      .filter((r) => Number(r.id) % 4 !== 0)
      .map((r) => (Number(r.id) % 5 === 0 ? { ...r, name: 'renamed', vip: null } : r));
    await deliverPostgres(segmentFromRows(rows, { types: CUSTOMER_TYPES }), dest('vip'), ctx('run3'));
    expect(await tableRows('vip')).toEqual(expected(rows));
    figures.push(`shrink: 2500 → ${rows.length} rows, table equals the segment`);
  });

  it('leaves the table as it was when a delivery breaks before COMMIT, and the retry completes it', async () => {
    const before = await tableRows('vip');
    const rows = customers(3000);
    const inner = segmentFromRows(rows, { types: CUSTOMER_TYPES });
    const crashing: SegmentBatches = {
      ...inner,
      async *batches(size) {
        let n = 0;
        for await (const batch of inner.batches(size)) {
          if (++n === 3) throw new Error('process killed');
          yield batch;
        }
      },
    };
    const ledger = memoryLedger();
    await expect(deliverPostgres(crashing, dest('vip'), ctx('run4', ledger))).rejects.toThrow(/Postgres delivery of segment "vip" into table vip failed: process killed/);
    expect(await tableRows('vip')).toEqual(before);
    expect(await ledger.delivered('run4:out:pg')).toBe(false);
    await deliverPostgres(inner, dest('vip'), ctx('run4', ledger));
    expect(await tableRows('vip')).toEqual(expected(rows));
  });

  it('leaves the table as it was when the run is cancelled mid-delivery', async () => {
    const before = await tableRows('vip');
    const cancel = new AbortController();
    const run = deliverPostgres(segmentFromRows(customers(5000), { types: CUSTOMER_TYPES }), dest('vip', { batchSize: 500 }),
      { ...ctx('run5'), signal: cancel.signal, onProgress: (done) => done === 2 && cancel.abort(new Error('cancelled by user')) });
    await expect(run).rejects.toThrow('cancelled by user');
    expect(await tableRows('vip')).toEqual(before);
  });

  it('quotes hostile identifiers and binds hostile values', async () => {
    await db.query('CREATE SCHEMA "crm"');
    const name = `a"b; DROP TABLE vip; --`;
    const rows = [
      { id: 'k\'1', [name]: `it's "quoted" \\ {braces,} NULL`, at: new Date('2022-03-04T05:06:07.089Z') },
      { id: 'k2', [name]: 'NULL', at: null },
      { id: 'k3', [name]: null, at: new Date('1999-12-31T23:59:59Z') },
    ];
    const segment = segmentFromRows(rows, { types: { id: 'string', [name]: 'string', at: 'timestamp' } });
    await deliverPostgres(segment, dest('odd', { schema: 'crm' }), ctx('run6'));
    const got = await db.query(`SELECT id, ${pg.escapeIdentifier(name)} AS v, to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS') AS at FROM crm.odd ORDER BY id`);
    expect(got.rows).toEqual([
      { id: "k'1", v: `it's "quoted" \\ {braces,} NULL`, at: '2022-03-04 05:06:07.089' },
      { id: 'k2', v: 'NULL', at: null },
      { id: 'k3', v: null, at: '1999-12-31 23:59:59.000' },
    ]);
    expect((await db.query(`SELECT count(*)::int AS n FROM vip`)).rows[0].n).toBeGreaterThan(0);
  });

  it('keeps a key-only segment, with big integers exact', async () => {
    const rows = [{ id: 9007199254740993n }, { id: 1n }];
    await deliverPostgres(segmentFromRows(rows, { types: { id: 'integer' } }), dest('keys_only'), ctx('run7'));
    await deliverPostgres(segmentFromRows(rows.slice(0, 1), { types: { id: 'integer' } }), dest('keys_only'), ctx('run8'));
    expect((await db.query('SELECT id FROM keys_only')).rows).toEqual([{ id: '9007199254740993' }]);
  });

  it('says clearly when the key is not a column or the server cannot be reached', async () => {
    const segment = segmentFromRows(customers(3), { types: CUSTOMER_TYPES });
    await expect(deliverPostgres(segment, dest('vip', { key: 'email' }), ctx('run9'))).rejects.toThrow(/key column "email" is not among/);
    const closed = cluster.url.replace(/:\d+\//, ':1/');
    const failure = await deliverPostgres(segment, dest('vip', { connection: closed }), ctx('run9')).catch((e: Error) => e);
    expect((failure as Error).message).toBe('Postgres delivery of segment "vip" into table vip failed: could not connect to the database');
  });

  it('connects only to addresses the allow list permits, whatever the spelling', async () => {
    const segment = segmentFromRows(customers(3), { types: CUSTOMER_TYPES });
    const port = new URL(cluster.url).port;
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '169.254.169.254', '[::ffff:127.0.0.1]']) {
      const failure = await deliverPostgres(segment, dest('vip', { connection: `postgres://postgres@${host}:${port}/postgres` }), { ...ctx('run10'), allow: {} }).catch((e: Error) => e);
      expect((failure as Error).message, host).toMatch(/could not connect to the database: its address is refused unless an admin allow-lists it$/);
      expect((failure as Error).message, host).not.toMatch(new RegExp(`${port}|127\\.0|::1|169\\.254`));
    }
    // Allow-listed, the name goes through the guarded lookup and reaches the server.
    await deliverPostgres(segment, dest('reached', { connection: `postgres://postgres@localhost:${port}/postgres` }), ctx('run11'));
    expect((await db.query('SELECT count(*)::int AS n FROM reached')).rows).toEqual([{ n: 3 }]);
  });

  it('refuses file-reading parameters and local sockets before connecting', async () => {
    const segment = segmentFromRows(customers(3), { types: CUSTOMER_TYPES });
    const port = new URL(cluster.url).port;
    for (const connection of [`postgres://postgres@127.0.0.1:${port}/postgres?sslrootcert=/etc/passwd`, `postgres://postgres@127.0.0.1:${port}/postgres?host=/tmp`, `postgres://postgres@%2Ftmp:${port}/postgres`]) {
      await expect(deliverPostgres(segment, dest('vip', { connection }), ctx('run12'))).rejects.toThrow(/The database connection (may not set|must name one host)/);
    }
  });

  it('has PostgreSQL stop a statement that outlives its deadline (a table locked by someone else)', async () => {
    const holder = new pg.Client({ connectionString: cluster.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE vip IN ACCESS EXCLUSIVE MODE');
      const segment = segmentFromRows(customers(3), { types: CUSTOMER_TYPES });
      await expect(deliverPostgres(segment, dest('vip'), { ...ctx('run11'), deadlines: { statementMs: 300 } })).rejects.toThrow(/failed: canceling statement due to statement timeout/);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  it('fails for good, without retrying, what fails the same way every time', async () => {
    const segment = segmentFromRows(customers(3), { types: CUSTOMER_TYPES });
    const missingSchema = await deliverPostgres(segment, dest('vip', { schema: 'nowhere' }), ctx('run10')).catch((e: Error) => e);
    expect(missingSchema).toBeInstanceOf(Error);
    expect((missingSchema as Error).message).toMatch(/schema "nowhere" does not exist/);
    expect(isPermanent(missingSchema)).toBe(true);
    // Refused connections may be a restart: they stay retryable.
    const closed = await deliverPostgres(segment, dest('vip', { connection: cluster.url.replace(/:\d+\//, ':1/') }), ctx('run10')).catch((e: Error) => e);
    expect(isPermanent(closed)).toBe(false);

    // Through a run: the node's retry policy does not try it again.
    const events: RunEvent[] = [];
    const document = doc([source('c'), output('out', { destination: { type: 'postgres', connection: cluster.url, schema: 'nowhere', table: 'vip' } })], chain('c', 'out'));
    const run = await runTiny(document, { 'c.csv': 'id\n1\n2' }, { remote: true, addressAllowList: LOOPBACK, onEvent: (e) => events.push(e) });
    expect(run.state?.nodes.out).toMatchObject({ status: 'failed', error: expect.stringMatching(/schema "nowhere" does not exist/) });
    expect(run.state?.nodes.out.error).not.toMatch(/attempts/);
    expect(events.filter((e) => e.type === 'node-retrying')).toEqual([]);
  });
});
