import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startServer, type TestServer } from './helpers.ts';

const withSourcePath = (document: any, path: string) => {
  const copy = structuredClone(document);
  copy.nodes.find((n: { id: string }) => n.id === 'customers').config.path = path;
  return copy;
};
const withOutputPath = (document: any, path: string) => {
  const copy = structuredClone(document);
  copy.nodes.find((n: { kind: string }) => n.kind === 'output').config.destination.path = path;
  return copy;
};

describe('bad input', () => {
  let server: TestServer;
  let id: string;
  const winback = example('winback.json');
  beforeAll(async () => {
    server = await startServer();
    id = (await server.request('POST', '/api/workflows', { document: winback })).body.id;
  });
  afterAll(() => server.close());

  it('never answers a bad request with a 5xx, and always with a coded error', async () => {
    const cycle = { schemaVersion: 1, nodes: [{ id: 'a', kind: 'filter', config: {} }, { id: 'b', kind: 'filter', config: {} }], edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }] };
    const deep = JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`);
    const requests: [string, string, unknown?, Record<string, string>?][] = [
      ['POST', '/api/workflows', '{"name": '],
      ['POST', '/api/workflows', 'null'],
      ['POST', '/api/workflows', [1, 2]],
      ['POST', '/api/workflows', { name: 42 }],
      ['POST', '/api/workflows', { document: 'not an object' }],
      ['POST', '/api/workflows', { name: 'x' }, { 'content-type': 'text/plain' }],
      ['POST', '/api/workflows/import', { nodes: 'nope' }],
      ['POST', '/api/workflows/import', { schemaVersion: 1, nodes: deep }],
      ['PUT', `/api/workflows/${id}`, { document: {} }],
      ['PUT', `/api/workflows/${id}`, { revision: 'one' }],
      ['PUT', '/api/workflows/wf_missing', { revision: 1 }],
      ['GET', '/api/workflows/..%2F..%2Fetc'],
      ['GET', '/api/workflows/has%20space'],
      ['GET', `/api/workflows/${id}/versions/0`],
      ['GET', `/api/workflows/${id}/versions/abc`],
      ['GET', `/api/workflows/${id}/versions/1/diff/x`],
      ['GET', `/api/workflows/${id}/export?version=-3`],
      ['POST', `/api/workflows/${id}/versions/9/restore`, {}],
      ['POST', `/api/workflows/${id}/runs`, { mode: 'warp' }],
      ['POST', `/api/workflows/${id}/runs`, { asOf: '2022-02-30' }],
      ['POST', `/api/workflows/${id}/runs`, { partitions: 0 }],
      ['POST', `/api/workflows/${id}/runs`, { version: 7 }],
      ['POST', `/api/workflows/${id}/preview`, { estimate: 'yes' }],
      ['POST', `/api/workflows/${id}/compare`, { sample: 0 }],
      ['POST', `/api/workflows/${id}/compare`, { document: cycle }],
      ['POST', '/api/validate', 'garbage'],
      ['GET', '/api/runs/run_missing'],
      ['GET', '/api/runs/run_missing/events'],
      ['GET', '/api/runs/run_missing/events', undefined, { 'last-event-id': 'abc' }],
      ['GET', '/api/runs/run_missing/segments/..%2Fsecret.csv'],
      ['POST', '/api/runs/run_missing/cancel'],
      ['PUT', '/api/datasets/..%2Fsegflow.sqlite'],
      ['DELETE', '/api/datasets/nope.csv'],
      ['DELETE', '/api/datasets/.hidden'],
      ['GET', '/api/nothing/here'],
      ['PATCH', '/api/workflows'],
    ];
    for (const [method, path, body, headers] of requests) {
      const res = await server.request(method, path, body, headers);
      expect.soft(res.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)}`).toBeGreaterThanOrEqual(400);
      expect.soft(res.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)}`).toBeLessThan(500);
      expect.soft(res.body?.error?.code, `${method} ${path}`).toEqual(expect.any(String));
      expect.soft(res.body?.error?.message, `${method} ${path}`).toEqual(expect.any(String));
    }
  });

  it('reports a broken document as problems where reporting is the job (validate, preview)', async () => {
    const cycle = { schemaVersion: 1, nodes: [{ id: 'a', kind: 'filter', config: {} }, { id: 'b', kind: 'filter', config: {} }], edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }] };
    const deep = JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`);
    for (const document of [{ schemaVersion: 2 }, { schemaVersion: 1, nodes: deep }, cycle]) {
      const validated = await server.request('POST', '/api/validate', document);
      expect(validated.status).toBe(200);
      expect(validated.body.ok).toBe(false);
      expect(validated.body.problems.length).toBeGreaterThan(0);
      const previewed = await server.request('POST', `/api/workflows/${id}/preview`, { document });
      expect(previewed.status).toBe(200);
      expect(previewed.body.problems.length).toBeGreaterThan(0);
    }
  });

  it('refuses to publish, run or compare a document with errors: 422 with the problems', async () => {
    const broken = structuredClone(winback);
    broken.nodes.find((n: { id: string }) => n.id === 'big').config.condition.rules[0].field = 'no_such_column';
    const saved = await server.request('POST', '/api/workflows', { document: broken });
    expect(saved.status).toBe(201);
    for (const [path, body] of [['publish', { note: 'x' }], ['runs', {}], ['compare', {}]] as const) {
      const res = await server.request('POST', `/api/workflows/${saved.body.id}/${path}`, body);
      expect(res.status, path).toBe(422);
      expect(res.body.error.code).toBe('invalid_document');
      expect(res.body.error.details.problems).toContainEqual(expect.objectContaining({ code: 'unknown_field', nodeId: 'big', field: 'no_such_column' }));
    }
    const { body } = await server.request('POST', `/api/workflows/${saved.body.id}/preview`, { asOf: '2022-06-30' });
    expect(body.problems).toContainEqual(expect.objectContaining({ code: 'unknown_field', nodeId: 'big' }));
    expect(body.counts.loyal.rows).toBe(3930);
  });

  it('answers 413 for a JSON body over the limit and 400 for one that is not JSON', async () => {
    const huge = { name: 'x', document: { schemaVersion: 1, nodes: [], padding: 'x'.repeat(6 * 1024 * 1024) } };
    const res = await server.request('POST', '/api/workflows', huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
    expect((await server.request('POST', '/api/workflows', '{oops')).body.error.code).toBe('invalid_json');
  });

  it('refuses source paths that leave the datasets folder, however they try', async () => {
    symlinkSync('/etc', join(server.dataDir, 'datasets', 'etc'));
    for (const path of ['/etc/passwd', '../segflow.sqlite', 'sub/../../segflow.sqlite', 'etc/passwd']) {
      const { status, body } = await server.request('POST', '/api/validate', withSourcePath(winback, path));
      expect(status).toBe(200);
      expect(body.ok).toBe(false);
      expect(body.problems, path).toContainEqual(expect.objectContaining({ code: 'unreadable_source', nodeId: 'customers', message: expect.stringMatching(/absolute path|leaves|through a link/) }));
      expect(body.sources.customers.ok).toBe(false);
    }
    const escaping = await server.request('POST', '/api/workflows', { document: withSourcePath(winback, '../segflow.sqlite') });
    expect((await server.request('POST', `/api/workflows/${escaping.body.id}/runs`, {})).status).toBe(422);
  });

  it('refuses output paths that leave the run folder before the run starts', async () => {
    for (const path of ['/tmp/winback.csv', '../../winback.csv', '../other-run/winback.csv']) {
      const { body } = await server.request('POST', '/api/validate', withOutputPath(winback, path));
      expect(body.problems, path).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'out_winback', field: 'destination.path' }));
      const created = await server.request('POST', '/api/workflows', { document: withOutputPath(winback, path) });
      expect((await server.request('POST', `/api/workflows/${created.body.id}/runs`, {})).status).toBe(422);
    }
  });

  it('reports the columns of each source it can read', async () => {
    const { body } = await server.request('POST', '/api/validate', { document: winback });
    expect(body).toMatchObject({ ok: true, problems: [] });
    expect(body.sources.orders).toEqual({ ok: true, columns: [{ name: 'customer_id', type: 'integer' }, { name: 'order_date', type: 'date' }, { name: 'quantity', type: 'integer' }, { name: 'amount', type: 'number' }] });
  });
});
