import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../src/auth/route-list.ts';
import { client, example, startServer, WINBACK_AS_OF, type TestServer } from './helpers.ts';

/** Six orders of 20 over the first half of 2021: loyal (5 or more orders) while the rule asks for 5. */
const loyal = {
  profile: { customer_id: 424242, first_order_date: '2021-01-01', cohort_month: '2021-01' },
  events: Array.from({ length: 6 }, (_, i) => ({ order_date: `2021-0${i + 1}-10`, quantity: 1, amount: 20 })),
  asOf: WINBACK_AS_OF,
};

const withLoyalAt = (orders: number) => {
  const doc = example('winback.json');
  doc.nodes.find((n: { id: string }) => n.id === 'loyal').config.condition.rules[0].value = orders;
  return doc;
};

describe('evaluate, call after call', () => {
  let server: TestServer;
  let id: string;
  let versionReads = 0;
  beforeAll(async () => {
    server = await startServer();
    // Counts reads of whole version documents (rows with their JSON), the cost a hot path must not pay.
    const versions = server.segflow.context.versions;
    const get = versions.get;
    versions.get = (workflowId, n) => {
      versionReads++;
      return get(workflowId, n);
    };
    id = (await server.request('POST', '/api/workflows', { document: withLoyalAt(5) })).body.id;
    expect((await server.request('POST', `/api/workflows/${id}/publish`, {})).status).toBe(201);
  });
  afterAll(() => server.close());

  it('reads a published version’s document once, however many customers are evaluated', async () => {
    versionReads = 0;
    for (let i = 0; i < 5; i++) {
      const answer = await server.request('POST', `/api/workflows/${id}/evaluate`, loyal);
      expect(answer.body).toMatchObject({ version: 1, nodes: { loyal: true } });
    }
    expect(versionReads).toBeLessThanOrEqual(1);
  });

  it('evaluates a newly published version at once, and an older one when asked by number', async () => {
    const current = (await server.request('GET', `/api/workflows/${id}`)).body;
    expect((await server.request('PUT', `/api/workflows/${id}`, { document: withLoyalAt(10), revision: current.revision })).status).toBe(200);
    expect((await server.request('POST', `/api/workflows/${id}/publish`, {})).status).toBe(201);
    expect((await server.request('POST', `/api/workflows/${id}/evaluate`, loyal)).body).toMatchObject({ version: 2, nodes: { loyal: false } });
    expect((await server.request('POST', `/api/workflows/${id}/evaluate`, { ...loyal, version: 1 })).body).toMatchObject({ version: 1, nodes: { loyal: true } });
    const missing = await server.request('POST', `/api/workflows/${id}/evaluate`, { ...loyal, version: 3 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(`Version 3 of workflow ${id} does not exist.`);
    const noWorkflow = await server.request('POST', '/api/workflows/wf_nothing/evaluate', loyal);
    expect(noWorkflow.status).toBe(404);
    expect(noWorkflow.body.error.message).toBe('Workflow wf_nothing does not exist.');
  });

  it('answers JSON as it is, without hashing it for an ETag a POST never uses', async () => {
    const answer = await server.request('POST', `/api/workflows/${id}/evaluate`, { items: [loyal, loyal] });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('etag')).toBeNull();
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.body.items).toHaveLength(2);
  });

  it('routes evaluate before every other router, so a call is not compared with the rest of the API first', () => {
    expect(listRoutes(server.segflow.app).filter((key) => key.includes(' /api/'))[0]).toBe('POST /api/workflows/:id/evaluate');
  });

  it('looks an API token up once while nothing changes, and refuses it on the very next call once revoked', async () => {
    const evaluator = await server.withRole('evaluator');
    const { token, secret } = (await evaluator.request('POST', '/api/tokens', { name: 'site' })).body;
    const site = client(server.url, { authorization: `Bearer ${secret}` });
    const tokens = server.segflow.context.auth.tokens;
    const find = tokens.find;
    let lookups = 0;
    tokens.find = (hash) => {
      lookups++;
      return find(hash);
    };
    try {
      for (let i = 0; i < 5; i++) expect((await site.request('POST', `/api/workflows/${id}/evaluate`, loyal)).status).toBe(200);
      expect(lookups).toBeLessThanOrEqual(2);
      expect((await evaluator.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(204);
      const refused = await site.request('POST', `/api/workflows/${id}/evaluate`, loyal);
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toMatch(/revoked/);
    } finally {
      tokens.find = find;
    }
  });

  it('reads which version is published once while nothing changes, and a new publication at once', async () => {
    const workflows = server.segflow.context.workflows;
    const publishedVersion = workflows.publishedVersion;
    let reads = 0;
    workflows.publishedVersion = (workflowId) => {
      reads++;
      return publishedVersion(workflowId);
    };
    try {
      const before = (await server.request('POST', `/api/workflows/${id}/evaluate`, loyal)).body.version;
      for (let i = 0; i < 4; i++) expect((await server.request('POST', `/api/workflows/${id}/evaluate`, loyal)).body.version).toBe(before);
      expect(reads).toBeLessThanOrEqual(2);
      const current = (await server.request('GET', `/api/workflows/${id}`)).body;
      expect((await server.request('PUT', `/api/workflows/${id}`, { document: withLoyalAt(7), revision: current.revision })).status).toBe(200);
      expect((await server.request('POST', `/api/workflows/${id}/publish`, {})).status).toBe(201);
      expect((await server.request('POST', `/api/workflows/${id}/evaluate`, loyal)).body.version).toBe(before + 1);
    } finally {
      workflows.publishedVersion = publishedVersion;
    }
  });
});

describe('the request log under evaluate and validate traffic', () => {
  it('writes no line for an evaluate or validate call that succeeds, and one for a refused call', async () => {
    const lines: { msg: string; url?: string; status?: number }[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(JSON.parse(String(chunk))); done(); } });
    const server = await startServer({ logger: pino({ level: 'info' }, sink) });
    try {
      const wf = (await server.request('POST', '/api/workflows', { document: withLoyalAt(5) })).body.id;
      expect((await server.request('POST', `/api/workflows/${wf}/publish`, {})).status).toBe(201);
      expect((await server.request('POST', `/api/workflows/${wf}/evaluate`, loyal)).status).toBe(200);
      expect((await server.request('POST', `/api/workflows/${wf}/evaluate`, { profile: { nothing: 1 } })).status).toBe(422);
      const evaluateLines = lines.filter((l) => l.msg === 'request' && l.url?.endsWith('/evaluate'));
      expect(evaluateLines.map((l) => l.status)).toEqual([422]);
      // An editor validates at every change: the same, a line for a refusal only.
      expect((await server.request('POST', '/api/validate', withLoyalAt(5))).status).toBe(200);
      expect((await server.request('POST', '/api/validate', '[')).status).toBe(400);
      expect(lines.filter((l) => l.msg === 'request' && l.url === '/api/validate').map((l) => l.status)).toEqual([400]);
      expect(lines.some((l) => l.msg === 'request' && l.url?.endsWith('/publish'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
