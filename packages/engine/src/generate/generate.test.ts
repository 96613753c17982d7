import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, type GeneratedDataset, type GenerateOptions } from './index.ts';

const CUSTOMERS = 5_000;
let root: string;
let db: DuckDBInstance;
let c: DuckDBConnection;
let ds: GeneratedDataset;

const generate = (name: string, opts: Partial<GenerateOptions> = {}) =>
  generateDataset({ customers: CUSTOMERS, outDir: join(root, name), ...opts });

/** The first row of a query over generated files, bound as `$1`, `$2` … */
async function one(query: string, ...paths: string[]): Promise<Record<string, unknown>> {
  return (await c.runAndReadAll(query, paths)).getRowObjectsJson()[0];
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'segflow-generate-test-'));
  db = await DuckDBInstance.create(':memory:');
  c = await db.connect();
  ds = await generate('base');
});

afterAll(async () => {
  c.closeSync();
  db.closeSync();
  await rm(root, { recursive: true, force: true });
});

describe('generateDataset', () => {
  it.each(['parquet', 'csv'] as const)('writes byte-identical %s files for the same options', async (format) => {
    const a = await generate(`same-a-${format}`, { format, seed: 7 });
    const b = await generate(`same-b-${format}`, { format, seed: 7 });
    expect((await readFile(a.customersPath)).equals(await readFile(b.customersPath))).toBe(true);
    expect((await readFile(a.eventsPath)).equals(await readFile(b.eventsPath))).toBe(true);
  });

  it('writes different data for a different seed', async () => {
    const other = await generate('other-seed', { seed: 2 });
    const sameRows = await one(
      `SELECT count(*) AS n FROM read_parquet($1) AS a JOIN read_parquet($2) AS b USING (customer_id, country, plan, signup_date)`,
      ds.customersPath,
      other.customersPath,
    );
    expect(Number(sameRows.n)).toBeLessThan(CUSTOMERS * 0.1);
    expect(other.events).not.toBe(ds.events);
  });

  it('names the files after the format in a directory it creates', async () => {
    const nested = await generate('made/on/demand', { format: 'csv', customers: 50 });
    expect(nested.customersPath).toBe(join(root, 'made/on/demand/customers.csv'));
    expect(nested.eventsPath).toBe(join(root, 'made/on/demand/events.csv'));
    expect(ds.customersPath.endsWith('customers.parquet')).toBe(true);
  });

  it('writes every customer once plus a few dirty rows, and reports the row counts', async () => {
    const r = await one(
      `SELECT count(*) AS n, count(DISTINCT customer_id) AS ids, min(customer_id) AS lo, max(customer_id) AS hi
       FROM read_parquet($1)`,
      ds.customersPath,
    );
    expect(Number(r.n)).toBe(ds.customers);
    expect(Number(r.ids)).toBe(CUSTOMERS);
    expect([Number(r.lo), Number(r.hi)]).toEqual([1, CUSTOMERS]);
    expect(ds.customers).toBeGreaterThan(CUSTOMERS);
    expect(ds.customers).toBeLessThan(CUSTOMERS * 1.01);
    const events = await one(`SELECT count(*) AS n FROM read_parquet($1)`, ds.eventsPath);
    expect(Number(events.n)).toBe(ds.events);
    expect(ds.ms).toBeGreaterThan(0);
  });

  it.each([20, 3])('averages %d events per customer within 5%', async (eventsPerCustomer) => {
    const out = eventsPerCustomer === 20 ? ds : await generate(`epc-${eventsPerCustomer}`, { eventsPerCustomer });
    expect(out.events / CUSTOMERS).toBeGreaterThan(eventsPerCustomer * 0.95);
    expect(out.events / CUSTOMERS).toBeLessThan(eventsPerCustomer * 1.05);
  });

  it('gives customers and events the documented columns and types', async () => {
    const describe = async (path: string) =>
      (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet($1)`, [path]))
        .getRowObjectsJson()
        .map((row) => `${row.column_name} ${row.column_type}`);
    expect(await describe(ds.customersPath)).toEqual([
      'customer_id BIGINT', 'email VARCHAR', 'country VARCHAR', 'region VARCHAR', 'city VARCHAR',
      'plan VARCHAR', 'signup_date DATE', 'birth_year INTEGER', 'email_opt_in BOOLEAN',
      'sms_opt_in BOOLEAN', 'credit_score INTEGER', 'updated_at TIMESTAMP',
    ]);
    expect(await describe(ds.eventsPath)).toEqual([
      'customer_id BIGINT', 'event_time TIMESTAMP', 'event_type VARCHAR', 'amount DECIMAL(10,2)', 'category VARCHAR',
    ]);
  });

  it('has some NULL and some duplicate keys, each under 1%, duplicates updated later', async () => {
    const r = await one(`
      WITH dup AS (SELECT customer_id, count(DISTINCT updated_at) AS versions FROM read_parquet($1)
                   WHERE customer_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1)
      SELECT (SELECT count(*) FROM read_parquet($1) WHERE customer_id IS NULL) AS null_keys,
             (SELECT count(*) FROM dup) AS duplicated,
             (SELECT count(*) FROM dup WHERE versions = 2) AS with_two_times`, ds.customersPath);
    for (const n of [r.null_keys, r.duplicated]) {
      expect(Number(n)).toBeGreaterThan(0);
      expect(Number(n)).toBeLessThan(CUSTOMERS * 0.01);
    }
    expect(r.with_two_times).toBe(r.duplicated);
  });

  it('leaves a few NULLs in optional columns and keeps values in range', async () => {
    const r = await one(`
      SELECT avg((credit_score IS NULL)::INTEGER) AS no_score, avg((email IS NULL)::INTEGER) AS no_email,
             avg((birth_year IS NULL)::INTEGER) AS no_birth_year,
             min(credit_score) >= 300 AND max(credit_score) <= 850 AS score_ok,
             min(signup_date) >= DATE '2021-01-01' AND max(signup_date) < DATE '2026-01-01' AS signup_ok,
             bool_and(updated_at >= signup_date AND updated_at < DATE '2026-01-01') AS updated_ok
      FROM read_parquet($1)`, ds.customersPath);
    for (const share of [r.no_score, r.no_email, r.no_birth_year]) {
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThan(0.1);
    }
    expect([r.score_ok, r.signup_ok, r.updated_ok]).toEqual([true, true, true]);
  });

  it('puts each city in a single country and skews countries towards the US', async () => {
    const r = await one(`
      SELECT (SELECT count(*) FROM (SELECT city FROM read_parquet($1) WHERE city IS NOT NULL
                                    GROUP BY city HAVING count(DISTINCT country) > 1)) AS split_cities,
             (SELECT count(DISTINCT country) FROM read_parquet($1)) AS countries,
             (SELECT mode(country) FROM read_parquet($1)) AS top_country`, ds.customersPath);
    expect(r).toEqual({ split_cities: '0', countries: '12', top_country: 'US' });
  });

  it('only references existing customers, between their signup and 2026', async () => {
    const r = await one(`
      WITH cust AS (SELECT customer_id, min(signup_date) AS signup_date FROM read_parquet($1)
                    WHERE customer_id IS NOT NULL GROUP BY ALL)
      SELECT count(*) FILTER (WHERE cust.customer_id IS NULL) AS orphans,
             count(*) FILTER (WHERE e.event_time < cust.signup_date OR e.event_time >= DATE '2026-01-01') AS out_of_range
      FROM read_parquet($2) AS e LEFT JOIN cust USING (customer_id)`, ds.customersPath, ds.eventsPath);
    expect(r).toEqual({ orphans: '0', out_of_range: '0' });
  });

  it('gives amounts and categories to purchases only', async () => {
    const r = await one(`
      SELECT count(*) FILTER (WHERE event_type = 'purchase') AS purchases,
             count(*) FILTER (WHERE (event_type = 'purchase') <> (amount IS NOT NULL AND category IS NOT NULL)
                               OR (event_type <> 'purchase' AND (amount IS NOT NULL OR category IS NOT NULL))) AS wrong,
             count(DISTINCT category) AS categories,
             count(DISTINCT event_type) AS event_types,
             min(amount) > 0 AS positive
      FROM read_parquet($1)`, ds.eventsPath);
    expect(r).toMatchObject({ wrong: '0', categories: '8', event_types: '5', positive: true });
    expect(Number(r.purchases)).toBeLessThan(ds.events * 0.1);
  });

  it('gives the top 1% of buyers an outsized share of purchases and leaves many one-time buyers', async () => {
    const r = await one(`
      WITH buys AS (SELECT customer_id, count(*) AS n FROM read_parquet($1) WHERE event_type = 'purchase' GROUP BY ALL),
           ranked AS (SELECT n, row_number() OVER (ORDER BY n DESC, customer_id) AS rank FROM buys)
      SELECT (SELECT sum(n) FROM ranked WHERE rank <= ${CUSTOMERS / 100}) / (SELECT sum(n) FROM ranked) AS top_share,
             (SELECT avg((n = 1)::INTEGER) FROM buys) AS one_time_share`, ds.eventsPath);
    expect(r.top_share).toBeGreaterThan(0.1);
    expect(r.one_time_share).toBeGreaterThan(0.3);
  });

  it('writes the same rows as CSV as it does as Parquet', async () => {
    const csv = await generate('as-csv', { format: 'csv' });
    expect([csv.customers, csv.events]).toEqual([ds.customers, ds.events]);
    const r = await one(
      `SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet($1) EXCEPT ALL SELECT * FROM read_csv($2))) AS differ`,
      ds.customersPath,
      csv.customersPath,
    );
    expect(r.differ).toBe('0');
  });

  it('reports progress step by step', async () => {
    const steps: string[] = [];
    await generate('progress', { customers: 100, onProgress: (p) => steps.push(`${p.step} ${p.done}/${p.total}`) });
    expect(steps).toEqual(['customers 0/2', 'events 1/2', 'done 2/2']);
  });

  it('rejects options it cannot honour', async () => {
    await expect(generate('bad', { customers: 0 })).rejects.toThrow(RangeError);
    await expect(generate('bad', { customers: 1.5 })).rejects.toThrow(RangeError);
    await expect(generate('bad', { eventsPerCustomer: -1 })).rejects.toThrow(RangeError);
  });
});
