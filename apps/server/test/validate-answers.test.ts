import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startServer, type TestServer } from './helpers.ts';

describe('/api/validate answers the same document quickly and never stale', () => {
  let server: TestServer;
  const winback = example('winback.json');
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('gives the same answer for the same bytes, and sees a changed dataset file at once', async () => {
    const first = await server.request('POST', '/api/validate', winback);
    expect(first.body).toMatchObject({ ok: true, problems: [] });
    expect((await server.request('POST', '/api/validate', winback)).body).toEqual(first.body);

    // The orders file loses its amount column, which the winback aggregates sum.
    const orders = join(server.dataDir, 'datasets', 'cdnow_orders.csv');
    const lines = readFileSync(orders, 'utf8').trim().split('\n');
    writeFileSync(orders, `${lines.map((l) => l.split(',').slice(0, 3).join(',')).join('\n')}\n`);
    const after = await server.request('POST', '/api/validate', winback);
    expect(after.body.ok).toBe(false);
    expect(after.body.sources.orders.columns.map((c: { name: string }) => c.name)).toEqual(['customer_id', 'order_date', 'quantity']);
    expect(after.body.problems).toContainEqual(expect.objectContaining({ code: 'unknown_field', field: 'amount' }));
  });

  it('answers the wrapped form like the bare one', async () => {
    const bare = await server.request('POST', '/api/validate', winback);
    expect((await server.request('POST', '/api/validate', { document: winback })).body).toEqual(bare.body);
  });

  it('refuses bodies that are not a JSON object or array, parsed or answered from memory alike', async () => {
    for (const body of ['"just text"', '5', 'null', '{oops', ' \n']) {
      const res = await server.request('POST', '/api/validate', body);
      expect(res.status, body).toBe(400);
      expect(res.body.error.code, body).toMatch(/invalid_json|invalid_request/);
    }
    expect((await server.request('POST', '/api/workflows', '"just text"')).body.error.code).toBe('invalid_json');
  });
});
