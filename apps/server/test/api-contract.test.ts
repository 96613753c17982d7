import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ENDPOINTS, errorEnvelope, openApiPath, type RouteKey } from '@segflow/contract';
import type { z } from 'zod';
import { listRoutes } from '../src/auth/route-list.ts';
import { example, startServer, upload, waitForRun, WINBACK_AS_OF, type Reply, type TestServer } from './helpers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** The JSON answer of a call, checked against the endpoint's response schema for its status (strictly: no field the contract does not name). */
function conforms<K extends RouteKey>(key: K, reply: Reply) {
  const schema = (ENDPOINTS[key].responses as Record<number, z.ZodType | null>)[reply.status];
  expect(schema, `${key} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`).toBeTruthy();
  const parsed = schema!.safeParse(reply.body);
  expect(parsed.success ? [] : parsed.error.issues, key).toEqual([]);
  expect(parsed.data, `${key}: fields the contract does not name`).toEqual(reply.body);
  return reply.body;
}

describe('the OpenAPI document', () => {
  it('is served without a session and is valid OpenAPI 3.1', async () => {
    const reply = await server.anonymous.request('GET', '/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(reply.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every route the server registers, and nothing else', async () => {
    const document = (await server.anonymous.request('GET', '/api/openapi.json')).body;
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const registered = listRoutes(server.segflow.app).filter((key) => / \/api\//.test(key)).map((key) => {
      const [method, path] = key.split(' ');
      return `${method} ${openApiPath(path)}`;
    });
    expect(documented.sort()).toEqual([...new Set(registered)].sort());
  });

  it('has a request schema for every path parameter a route names', () => {
    for (const [key, endpoint] of Object.entries(ENDPOINTS)) {
      const names = [...key.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
      expect(Object.keys((endpoint as { params?: z.ZodObject }).params?.shape ?? {}).sort(), key).toEqual(names.sort());
    }
  });

  it('is rendered by the API reference page from files the server holds', async () => {
    expect((await server.anonymous.request('GET', '/docs/api')).status).toBe(200);
    const page = await server.anonymous.request('GET', '/docs/api/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    for (const src of (page.body as string).match(/(?<=(src|href)=")[^"]+(?=")/g) ?? []) {
      const asset = await server.anonymous.request('GET', src);
      expect(asset.status, src).toBe(200);
    }
    expect((await server.anonymous.request('GET', '/docs/api/api-reference.js')).body).toContain('/api/openapi.json');
  });
});

describe('answers match the contract', () => {
  it('workflows, versions, validation, preview and runs', async () => {
    const document = example('winback.json');
    conforms('POST /api/validate', await server.request('POST', '/api/validate', document));
    const created = conforms('POST /api/workflows', await server.request('POST', '/api/workflows', { document }));
    conforms('GET /api/workflows/:id', await server.request('GET', `/api/workflows/${created.id}`));
    const saved = conforms('PUT /api/workflows/:id', await server.request('PUT', `/api/workflows/${created.id}`, { name: 'Win back', revision: created.revision }));
    conforms('POST /api/workflows/:id/publish', await server.request('POST', `/api/workflows/${created.id}/publish`, { note: 'first' }));
    conforms('GET /api/workflows/:id/versions/:n', await server.request('GET', `/api/workflows/${created.id}/versions/1`));
    conforms('GET /api/workflows/:id/versions/:n/diff/:m', await server.request('GET', `/api/workflows/${created.id}/versions/1/diff/draft`));
    conforms('POST /api/workflows/:id/preview', await server.request('POST', `/api/workflows/${created.id}/preview`, { asOf: WINBACK_AS_OF }));
    const nodeId = document.nodes.at(-1).id;
    conforms('POST /api/workflows/:id/preview/:nodeId/rows', await server.request('POST', `/api/workflows/${created.id}/preview/${nodeId}/rows`, { asOf: WINBACK_AS_OF, limit: 3 }));
    conforms('POST /api/workflows/:id/preview/:nodeId/values', await server.request('POST', `/api/workflows/${created.id}/preview/s/values`, { asOf: WINBACK_AS_OF, column: 'n_orders' }));
    conforms('POST /api/workflows/:id/preview/:nodeId/values', await server.request('POST', `/api/workflows/${created.id}/preview/s/values`, { asOf: WINBACK_AS_OF, column: 'cohort_month' }));
    conforms('POST /api/workflows/:id/preview/:nodeId/rule-counts', await server.request('POST', `/api/workflows/${created.id}/preview/big/rule-counts`, { asOf: WINBACK_AS_OF }));

    const started = conforms('POST /api/workflows/:id/runs', await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, version: 1 }));
    await waitForRun(server, started.runId);
    conforms('GET /api/runs/:runId', await server.request('GET', `/api/runs/${started.runId}`));
    conforms('GET /api/workflows/:id/runs', await server.request('GET', `/api/workflows/${created.id}/runs`));
    conforms('GET /api/workflows', await server.request('GET', '/api/workflows'));
    conforms('GET /api/workflows/:id/versions', await server.request('GET', `/api/workflows/${created.id}/versions`));
    conforms('GET /api/workflows/:id/history', await server.request('GET', `/api/workflows/${created.id}/history`));
    const another = conforms('POST /api/workflows/:id/runs', await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF }));
    conforms('POST /api/runs/:runId/cancel', await server.request('POST', `/api/runs/${another.runId}/cancel`));
    await waitForRun(server, another.runId);
    conforms('POST /api/workflows/:id/versions/:n/restore', await server.request('POST', `/api/workflows/${created.id}/versions/1/restore`, { revision: saved.revision }));
  });

  it('accounts, datasets, schedules and alerts', async () => {
    conforms('GET /api/health', await server.request('GET', '/api/health'));
    conforms('GET /api/auth/me', await server.request('GET', '/api/auth/me'));
    conforms('GET /api/users', await server.request('GET', '/api/users'));
    conforms('POST /api/tokens', await server.request('POST', '/api/tokens', { name: 'ci' }));
    conforms('GET /api/tokens', await server.request('GET', '/api/tokens'));
    conforms('GET /api/audit', await server.request('GET', '/api/audit'));
    conforms('POST /api/secrets', await server.request('POST', '/api/secrets', { name: 'crm_key', value: 'abc' }));
    conforms('GET /api/secrets', await server.request('GET', '/api/secrets'));
    conforms('GET /api/datasets', await server.request('GET', '/api/datasets'));
    conforms('GET /api/datasets/:name', await server.request('GET', '/api/datasets/cdnow_customers.csv'));
    conforms('GET /api/schedules/describe', await server.request('GET', '/api/schedules/describe?cron=0%206%20*%20*%201'));
    conforms('GET /api/alerts', await server.request('GET', '/api/alerts'));
  });

  it('schedules, alert settings, run comparison, mode comparison and uploads', async () => {
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    await server.request('POST', `/api/workflows/${created.id}/publish`, {});
    const schedule = conforms('POST /api/workflows/:id/schedules', await server.request('POST', `/api/workflows/${created.id}/schedules`, { cron: '0 6 * * 1', paused: true }));
    conforms('GET /api/workflows/:id/schedules', await server.request('GET', `/api/workflows/${created.id}/schedules`));
    conforms('GET /api/schedules/:scheduleId', await server.request('GET', `/api/schedules/${schedule.id}`));
    conforms('PATCH /api/schedules/:scheduleId', await server.request('PATCH', `/api/schedules/${schedule.id}`, { timezone: 'Europe/Berlin' }));
    conforms('POST /api/schedules/:scheduleId/resume', await server.request('POST', `/api/schedules/${schedule.id}/resume`));
    conforms('POST /api/schedules/:scheduleId/pause', await server.request('POST', `/api/schedules/${schedule.id}/pause`));
    conforms('GET /api/workflows/:id/alert-settings', await server.request('GET', `/api/workflows/${created.id}/alert-settings`));
    conforms('PUT /api/workflows/:id/alert-settings', await server.request('PUT', `/api/workflows/${created.id}/alert-settings`, { dataQualityThreshold: 10 }));
    conforms('POST /api/alerts/read', await server.request('POST', '/api/alerts/read', {}));

    const runs = [];
    for (const mode of ['sequential', 'parallel']) {
      const { body } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode });
      await waitForRun(server, body.runId);
      runs.push(body.runId);
    }
    conforms('GET /api/runs/:runId/compare/:otherId', await server.request('GET', `/api/runs/${runs[0]}/compare/${runs[1]}`));
    conforms('POST /api/workflows/:id/compare', await server.request('POST', `/api/workflows/${created.id}/compare`, { asOf: WINBACK_AS_OF, sample: 0.05 }));

    const csv = 'id,spend\n1,10\n2,20\n';
    const added = await upload(server, 'POST', '/api/datasets', 'tiny.csv', csv);
    conforms('POST /api/datasets', { ...added, headers: new Headers() });
    const replaced = await upload(server, 'PUT', '/api/datasets/tiny.csv', 'tiny.csv', `${csv}3,30\n`);
    conforms('PUT /api/datasets/:name', { ...replaced, headers: new Headers() });
  });

  it('evaluate, explain, dry run, membership history and suppression lists', async () => {
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    await server.request('POST', `/api/workflows/${created.id}/publish`, {});
    const { body: started } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, version: 1 });
    await waitForRun(server, started.runId);
    const run = conforms('GET /api/runs/:runId', await server.request('GET', `/api/runs/${started.runId}`));
    expect(Object.values(run.segments as Record<string, { entered?: number }>).some((s) => s.entered !== undefined)).toBe(true);
    const history = conforms('GET /api/workflows/:id/history', await server.request('GET', `/api/workflows/${created.id}/history`));
    expect(Object.keys(history.runs.at(-1)!.changes).length).toBeGreaterThan(0);

    const loyal = {
      profile: { customer_id: 424242, first_order_date: '2021-01-01', cohort_month: '2021-01' },
      events: Array.from({ length: 6 }, (_, i) => ({ order_date: `2021-0${i + 1}-10`, quantity: 1, amount: 20 })),
      asOf: WINBACK_AS_OF,
    };
    conforms('POST /api/workflows/:id/evaluate', await server.request('POST', `/api/workflows/${created.id}/evaluate`, loyal));
    conforms('POST /api/workflows/:id/evaluate', await server.request('POST', `/api/workflows/${created.id}/evaluate`, { items: [loyal.profile].map((profile) => ({ profile })), asOf: WINBACK_AS_OF }));
    conforms('POST /api/workflows/:id/explain', await server.request('POST', `/api/workflows/${created.id}/explain`, loyal));
    const segment = await server.request('GET', `/api/runs/${started.runId}/segments/winback.csv`);
    const member = (segment.body as string).trim().split('\n')[1].split(',')[0];
    conforms('POST /api/workflows/:id/explain', await server.request('POST', `/api/workflows/${created.id}/explain`, { key: Number(member), asOf: WINBACK_AS_OF }));
    const membership = conforms('GET /api/workflows/:id/members/:key', await server.request('GET', `/api/workflows/${created.id}/members/${member}`));
    expect((membership.segments as { events: unknown[] }[]).some((s) => s.events.length > 0)).toBe(true);
    const dry = conforms('POST /api/workflows/:id/dry-run', await server.request('POST', `/api/workflows/${created.id}/dry-run`, { version: 1, asOf: WINBACK_AS_OF }));
    expect(dry.segments.length).toBeGreaterThan(0);

    await upload(server, 'POST', '/api/datasets', 'optouts.csv', 'customer,until\n1,2099-01-01\n');
    conforms('PUT /api/suppression-lists/:name', await server.request('PUT', '/api/suppression-lists/optouts.csv', { key: 'customer', expires: 'until' }));
    conforms('GET /api/suppression-lists', await server.request('GET', '/api/suppression-lists'));
    expect((await server.request('DELETE', '/api/suppression-lists/optouts.csv')).status).toBe(204);
  });

  it('every error is the envelope', async () => {
    const reply = await server.request('GET', '/api/workflows/nope');
    expect(reply.status).toBe(404);
    expect(errorEnvelope.parse(reply.body)).toEqual(reply.body);
  });
});
