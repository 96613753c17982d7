import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from './faults/postgres.ts';
import { startReceiver } from '../../../packages/engine/test/destinations/receiver.ts';
import { example, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';

/** Issue #13 items 2 and 5: every destination under one address policy, credentials only in the server's encrypted store. */
const LOOPBACK = { cidrs: ['127.0.0.1/32'] };
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

let cluster: Postgres;
let port: string;
beforeAll(() => {
  cluster = startPostgres();
  cleanup.push(() => cluster.stop());
  port = new URL(cluster.url).port;
}, 600_000);

/** Winback with a second output of the same segment to `destination`. */
function winbackTo(destination: Record<string, unknown>) {
  const document = structuredClone(example('winback.json'));
  document.nodes.push({ id: 'out_remote', label: 'Winback to CRM', kind: 'output', retry: { attempts: 1 }, config: { segment: 'winback_remote', destination } });
  document.edges.push({ source: 'x', target: 'out_remote' });
  return document;
}

async function publishedRun(server: TestServer, document: unknown) {
  const created = await server.request('POST', '/api/workflows', { document });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await server.request('POST', `/api/workflows/${created.body.id}/publish`, {})).status).toBe(201);
  const started = await server.request('POST', `/api/workflows/${created.body.id}/runs`, { asOf: WINBACK_AS_OF, version: 1, mode: 'sequential' });
  expect(started.status).toBe(202);
  return waitForRun(server, started.body.runId, 60_000);
}

const FORBIDDEN = () => [
  `postgres://postgres@127.0.0.1:${port}/postgres`,
  `postgres://postgres@169.254.169.254:${port}/postgres`,
  `postgres://postgres@[::1]:${port}/postgres`,
  `postgres://postgres@localhost:${port}/postgres`,
  `postgres://postgres@[::ffff:127.0.0.1]:${port}/postgres`,
  `postgres://postgres@%2Fvar%2Frun%2Fpostgresql:${port}/postgres`,
  `postgres://postgres@db.example.com/postgres?host=/var/run/postgresql`,
  `postgres://postgres@db.example.com/postgres?sslrootcert=/etc/passwd`,
  `postgres://postgres@db.example.com/postgres?passfile=/etc/passwd`,
];

describe('the address policy of PostgreSQL destinations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    cleanup.push(server.close);
  });

  it('refuses every forbidden address spelling and file-reading parameter in a document', async () => {
    for (const connection of FORBIDDEN()) {
      const res = await server.request('POST', '/api/validate', winbackTo({ type: 'postgres', connection, table: 'vip' }));
      const problem = res.body.problems.find((p: { nodeId?: string }) => p.nodeId === 'out_remote');
      expect(problem, connection).toMatchObject({ code: 'invalid_config', severity: 'error', field: 'destination.connection' });
    }
  });

  it('stores any host an admin chooses, refusing only sockets and file-reading parameters', async () => {
    // Issue #19: the policy is for URLs written in documents; an admin choosing a warehouse host needs no allow-list.
    for (const [i, url] of FORBIDDEN().entries()) {
      const res = await server.request('POST', '/api/connections', { name: `chosen_${i}`, url });
      const socketOrFile = /%2F|host=|sslrootcert|passfile/.test(url);
      expect(res.status, url).toBe(socketOrFile ? 400 : 201);
      if (socketOrFile) expect(res.body.error.message, url).toMatch(/^The database connection/);
    }
  });

  it('delivers through a stored connection on a loopback address with no allow-list, while the same URL in a document stays refused', async () => {
    expect((await server.request('POST', '/api/connections', { name: 'loopback_db', url: cluster.url })).status).toBe(201);
    const run = await publishedRun(server, winbackTo({ type: 'postgres', connection: 'loopback_db', table: 'admin_chosen' }));
    expect(run).toMatchObject({ status: 'succeeded', segments: { winback_remote: { count: 1927 } } });
    expect(cluster.column('admin_chosen', 'count(*)')).toEqual(['1927']);
    const literal = await server.request('POST', '/api/validate', winbackTo({ type: 'postgres', connection: cluster.url, table: 'admin_chosen' }));
    expect(literal.body.problems).toContainEqual(expect.objectContaining({ nodeId: 'out_remote', field: 'destination.connection', message: expect.stringMatching(/loopback address/) }));
  });
});

describe('named connections and secrets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ webhookAllowList: LOOPBACK, secretKey: undefined });
    cleanup.push(server.close);
  });

  it('delivers through a named connection, end to end', async () => {
    expect((await server.request('POST', '/api/connections', { name: 'crm_db', url: cluster.url.replace('@', ':pw-unused@') })).status).toBe(201);
    const run = await publishedRun(server, winbackTo({ type: 'postgres', connection: 'crm_db', table: 'winback_named' }));
    expect(run).toMatchObject({ status: 'succeeded', segments: { winback_remote: { count: 1927 } } });
    expect(cluster.column('winback_named', 'count(*)')).toEqual(['1927']);
  });

  it('says only "could not connect" when the database cannot be reached', async () => {
    expect((await server.request('POST', '/api/connections', { name: 'closed_db', url: 'postgres://postgres@127.0.0.1:1/postgres' })).status).toBe(201);
    const run = await publishedRun(server, winbackTo({ type: 'postgres', connection: 'closed_db', table: 'never' }));
    expect(run.nodes.out_remote.error).toMatch(/could not connect to the database$/);
    expect(run.nodes.out_remote.error).not.toMatch(/127\.0\.0\.1|:1\b|ECONNREFUSED/);
  });

  it('refuses to publish a document naming a connection or secret nobody stored', async () => {
    for (const destination of [
      { type: 'postgres', connection: 'nobody_made_this', table: 'never' },
      { type: 'webhook', url: 'https://hooks.example.com/x', headers: { Authorization: { secret: 'nobody_made_this' } } },
    ]) {
      const created = await server.request('POST', '/api/workflows', { document: winbackTo(destination) });
      const published = await server.request('POST', `/api/workflows/${created.body.id}/publish`, {});
      expect(published.status).toBe(422);
      expect(published.body.error.details.problems).toContainEqual(expect.objectContaining({
        nodeId: 'out_remote', code: 'invalid_config', message: expect.stringMatching(/^There is no (database connection|secret) named "nobody_made_this"/),
      }));
    }
  });

  it('sends a header secret by name, the receiver getting its value', async () => {
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    expect((await server.request('POST', '/api/secrets', { name: 'crm_token', value: 'Bearer tok-123' })).status).toBe(201);
    const run = await publishedRun(server, winbackTo({ type: 'webhook', url: receiver.url, batchSize: 1000, headers: { Authorization: { secret: 'crm_token' } } }));
    expect(run.status).toBe('succeeded');
    expect(receiver.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-123', 'Bearer tok-123']);
  });

  it('never answers a value back, lists names to editors, and lets only an admin add or delete', async () => {
    const listed = await server.request('GET', '/api/connections');
    expect(listed.body.connections.map((c: { name: string }) => c.name)).toContain('crm_db');
    expect(JSON.stringify(listed.body)).not.toMatch(/pw-unused|postgres:\/\//);
    const editor = await server.withRole('editor');
    expect((await editor.request('GET', '/api/secrets')).body.secrets.map((s: { name: string }) => s.name)).toContain('crm_token');
    expect(JSON.stringify((await editor.request('GET', '/api/secrets')).body)).not.toMatch(/tok-123/);
    const publisher = await server.withRole('publisher');
    expect((await publisher.request('POST', '/api/secrets', { name: 'mine', value: 'x' })).status).toBe(403);
    expect((await server.request('POST', '/api/secrets', { name: 'crm_token', value: 'again' })).body.error.code).toBe('already_exists');
    expect((await server.request('POST', '/api/secrets', { name: 'bad', value: 'a\r\nInjected: 1' })).status).toBe(400);
    expect((await server.request('POST', '/api/secrets', { name: 'gone', value: 'x' })).status).toBe(201);
    expect((await server.request('DELETE', '/api/secrets/gone')).status).toBe(204);
    expect((await server.request('DELETE', '/api/secrets/gone')).status).toBe(404);
  });

  it('keeps values encrypted in the SQLite file, with the key file readable by its owner only', async () => {
    expect((await server.request('POST', '/api/connections', { name: 'sealed_db', url: 'postgres://app:Sup3r-Secret-Pw@db.example.com/crm' })).status).toBe(201);
    expect((await server.request('POST', '/api/secrets', { name: 'sealed_token', value: 'tok-Very-Secret-987' })).status).toBe(201);
    server.segflow.context.auth.audit.record({ actor: null, action: 'test.flush', target: 'x' });
    const bytes = ['segflow.sqlite', 'segflow.sqlite-wal'].map((f) => { try { return readFileSync(join(server.dataDir, f)); } catch { return Buffer.alloc(0); } });
    const all = Buffer.concat(bytes);
    expect(all.includes('sealed_token')).toBe(true); // the names are there: the right file was read
    for (const plain of ['Sup3r-Secret-Pw', 'tok-Very-Secret-987', 'db.example.com']) expect(all.includes(plain), plain).toBe(false);
    expect(statSync(join(server.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});

describe('credentials in documents', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ webhookAllowList: LOOPBACK });
    cleanup.push(server.close);
  });

  it('refuses to save a document that carries a password or a key, saying to store it', async () => {
    const cases = [
      { type: 'postgres', connection: 'postgres://app:hunter2@db.example.com/crm', table: 'vip' },
      { type: 'webhook', url: 'https://hooks.example.com/x', headers: { Authorization: 'Bearer abc' } },
      { type: 'webhook', url: 'https://hooks.example.com/x', headers: { 'X-Api-Key': 'abc' } },
      { type: 'webhook', url: 'https://user:pw@hooks.example.com/x' },
    ];
    const { body: saved } = await server.request('POST', '/api/workflows', { document: winbackTo({ type: 'postgres', connection: 'crm_db', table: 'vip' }) });
    for (const destination of cases) {
      const created = await server.request('POST', '/api/workflows', { document: winbackTo(destination) });
      expect(created.status, JSON.stringify(destination)).toBe(400);
      expect(created.body.error).toMatchObject({ code: 'literal_credential', message: expect.stringMatching(/^The output "Winback to CRM": .*saves it under Connections/) });
      const updated = await server.request('PUT', `/api/workflows/${saved.id}`, { document: winbackTo(destination), revision: saved.revision });
      expect(updated.body.error?.code, JSON.stringify(destination)).toBe('literal_credential');
    }
    const named = await server.request('POST', '/api/workflows', { document: winbackTo({ type: 'webhook', url: 'https://hooks.example.com/x', headers: { Authorization: { secret: 'crm_token' }, 'X-Team': 'growth' } }) });
    expect(named.status).toBe(201);
  });

  it('never shows a viewer a password an older stored document still carries', async () => {
    const secretUrl = 'postgres://app:hunter2-old@db.example.com/crm';
    const { context } = server.segflow;
    // Saved before saving was refused: straight into the store.
    const workflow = context.workflows.create({ name: 'Old', document: winbackTo({ type: 'postgres', connection: secretUrl, table: 'vip' }) });
    context.versions.create(workflow.id, winbackTo({ type: 'webhook', url: 'https://hooks.example.com/x', headers: { Authorization: 'Bearer old-token-1' } }), '');
    const viewer = await server.withRole('viewer');
    const answers = await Promise.all([
      viewer.request('GET', `/api/workflows/${workflow.id}`),
      viewer.request('GET', `/api/workflows/${workflow.id}/versions/1`),
      viewer.request('GET', `/api/workflows/${workflow.id}/versions/1/diff/draft`),
      viewer.request('GET', `/api/workflows/${workflow.id}/export`),
      viewer.request('GET', `/api/workflows/${workflow.id}/export?version=1`),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      expect(text).not.toMatch(/hunter2-old|old-token-1/);
    }
    expect(answers[0].body.document.nodes.find((n: { id: string }) => n.id === 'out_remote').config.destination.connection).toBe('postgres://app:***@db.example.com/crm');
    expect(answers[1].body.document.nodes.find((n: { id: string }) => n.id === 'out_remote').config.destination.headers).toEqual({ Authorization: '***' });
  });
});
