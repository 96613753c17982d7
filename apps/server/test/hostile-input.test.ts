import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DATASETS, example, startServer, upload, waitForRun, type Reply, type TestServer } from './helpers.ts';

/** A draft row as an older server left it: written straight into the database file, past every check. */
function storeRawDocument(server: TestServer, workflowId: string, text: string) {
  const db = new Database(join(server.dataDir, 'segflow.sqlite'));
  try {
    db.prepare('UPDATE workflows SET document = ? WHERE id = ?').run(text, workflowId);
  } finally {
    db.close();
  }
}

const winback = example('winback.json');
const withNode = (document: any, id: string, change: (config: any) => void) => {
  const copy = structuredClone(document);
  change(copy.nodes.find((n: { id: string }) => n.id === id).config);
  return copy;
};
const filter = (i: number) => ({ id: `f${i}`, kind: 'filter', config: { condition: { combinator: 'and', rules: [] } } });
const nestedGroup = (depth: number): unknown => (depth === 0 ? { field: 'x', operator: '=', value: 1 } : { combinator: 'and', rules: [nestedGroup(depth - 1)] });

/** A 4xx with a coded error and a message a person can read; never a 5xx. */
function expectClearRefusal(res: Pick<Reply, 'status' | 'body'>, status?: number) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  if (status) expect(res.status).toBe(status);
  expect(res.body?.error?.code).toEqual(expect.any(String));
  expect(res.body?.error?.message).toMatch(/\w{3,}.*\w{3,}/);
}

describe('hostile input', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('refuses a body over the limit with 413 before reading it all', async () => {
    const res = await server.request('POST', '/api/validate', { schemaVersion: 1, nodes: [], padding: 'x'.repeat(6 * 1024 * 1024) });
    expectClearRefusal(res, 413);
    expect(res.body.error).toMatchObject({ code: 'too_large', message: 'The request body is larger than 5mb.' });
  });

  // Limits of the document itself (depth, nodes, connections) are checked before anything is stored, drafts included: a 400.
  it.each([
    ['too many nodes', { schemaVersion: 1, nodes: Array.from({ length: 2001 }, (_, i) => filter(i)), edges: [] }, /2001 nodes; a workflow holds at most 2000/, /^The steps of the workflow can hold at most 2,000 items/],
    ['too many edges', { schemaVersion: 1, nodes: [filter(0), filter(1)], edges: Array.from({ length: 10_001 }, () => ({ source: 'f0', target: 'f1' })) }, /10001 connections; .* at most 10000/, /^The connections of the workflow can hold at most 10,000 items/],
    ['too deep', { schemaVersion: 1, nodes: [{ ...filter(0), config: { condition: nestedGroup(100) } }], edges: [] }, /nests deeper than 80 levels/, /nests deeper than 80 levels/],
  ] as const)('refuses to store a document with %s: 400 with the problem, at create, save and import', async (_what, document, message, validateMessage) => {
    const before = (await server.request('GET', '/api/workflows')).body.workflows.length;
    const draft = (await server.request('POST', '/api/workflows', {})).body;
    for (const res of [
      await server.request('POST', '/api/workflows', { document }),
      await server.request('PUT', `/api/workflows/${draft.id}`, { document, revision: draft.revision }),
      await server.request('POST', '/api/workflows/import', document),
    ]) {
      expectClearRefusal(res, 400);
      expect(res.body.error.code).toBe('invalid_document');
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.details.problems).toContainEqual(expect.objectContaining({ code: 'invalid_document', message: expect.stringMatching(message) }));
    }
    expect((await server.request('GET', '/api/workflows')).body.workflows.length).toBe(before + 1);
    expect((await server.request('GET', `/api/workflows/${draft.id}`)).body).toMatchObject({ revision: draft.revision, document: draft.document });
    const validated = await server.request('POST', '/api/validate', document);
    expect(validated.body.problems).toContainEqual(expect.objectContaining({ message: expect.stringMatching(validateMessage) }));
  });

  // Limits inside the document are checked at the door for imports, and inside a node's config when the document must be valid (publish, run).
  it.each([
    ['a label too long', 'import', { schemaVersion: 1, nodes: [{ ...filter(0), label: 'x'.repeat(201) }], edges: [] }, /^Shorten the name of the step 'f0' to at most 200 characters/],
    ['a name too long', 'import', { schemaVersion: 1, name: 'n'.repeat(201), nodes: [], edges: [] }, /^Shorten the name of the workflow to at most 200 characters/],
    ['a rule value too long', 'publish', withNode(winback, 'big', (config) => (config.condition.rules[0].value = 'v'.repeat(10_001))), /at most 10,000 characters/],
  ] as const)('refuses a document with %s: 422 with the problem (at %s)', async (_what, at, document, message) => {
    const res = at === 'import'
      ? await server.request('POST', '/api/workflows/import', document)
      : await server.request('POST', `/api/workflows/${(await server.request('POST', '/api/workflows', { document })).body.id}/publish`, {});
    expectClearRefusal(res, 422);
    expect(res.body.error.code).toBe('invalid_document');
    expect(res.body.error.details.problems).toContainEqual(expect.objectContaining({ code: expect.stringMatching(/invalid_document|invalid_config/), message: expect.stringMatching(message) }));
    const validated = await server.request('POST', '/api/validate', document);
    expect(validated.status).toBe(200);
    expect(validated.body.ok).toBe(false);
  });

  it('refuses source paths that leave the datasets folder, and runs of documents holding them', async () => {
    for (const path of ['/etc/passwd', '../segflow.sqlite', 'a/../../segflow.sqlite', '..\\segflow.sqlite', 'file:///etc/passwd']) {
      const document = withNode(winback, 'customers', (config) => (config.path = path));
      const { body } = await server.request('POST', '/api/validate', document);
      expect(body.ok, path).toBe(false);
      expect(body.problems, path).toContainEqual(expect.objectContaining({ code: 'unreadable_source', nodeId: 'customers' }));
      const saved = await server.request('POST', '/api/workflows', { document });
      expectClearRefusal(await server.request('POST', `/api/workflows/${saved.body.id}/runs`, {}), 422);
    }
  });

  it('keeps uploads inside the datasets folder whatever they are called, and refuses escaping names in URLs', async () => {
    const res = await upload(server, 'POST', '/api/datasets', '../../../escaped.csv', 'id,x\n1,2\n');
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('escaped.csv');
    expect(existsSync(join(server.dataDir, 'datasets', 'escaped.csv'))).toBe(true);
    expect(readdirSync(server.dataDir)).not.toContain('escaped.csv');
    expectClearRefusal(await upload(server, 'POST', '/api/datasets', '../segflow.sqlite', 'x'), 415);
    for (const [method, path] of [
      ['PUT', '/api/datasets/..%2Fsegflow.sqlite'], ['DELETE', '/api/datasets/..%2F..%2Fetc%2Fpasswd.csv'], ['GET', '/api/datasets/%2e%2e%2fsegflow.sqlite'],
      ['GET', '/api/runs/run_x/segments/..%2F..%2Fsegflow.sqlite.csv'],
    ] as const)
      expectClearRefusal(await server.request(method, path));
  });

  it('lists no link in the datasets folder, so nothing about a file outside it shows', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'segflow-outside-'));
    try {
      writeFileSync(join(outside, 'secrets.csv'), 'card_number,holder\n4111111111111111,Someone\n');
      symlinkSync(join(outside, 'secrets.csv'), join(server.dataDir, 'datasets', 'secrets.csv'));
      symlinkSync(join(server.dataDir, 'datasets', 'cdnow_orders.csv'), join(server.dataDir, 'datasets', 'orders-link.csv'));
      const { body } = await server.request('GET', '/api/datasets');
      const names = body.datasets.map((d: { name: string }) => d.name);
      expect(names).toContain('cdnow_orders.csv');
      expect(names).not.toContain('secrets.csv');
      expect(names).not.toContain('orders-link.csv');
      expect(JSON.stringify(body)).not.toContain('card_number');
      expectClearRefusal(await server.request('GET', '/api/datasets/secrets.csv'), 404);
    } finally {
      rmSync(join(server.dataDir, 'datasets', 'secrets.csv'), { force: true });
      rmSync(join(server.dataDir, 'datasets', 'orders-link.csv'), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:127.0.0.1]:8080/hook', 'http://[::ffff:7f00:1]/hook', 'http://127.0.0.1/hook', 'http://10.0.0.8/hook', 'http://localhost/hook'])(
    'refuses a webhook to %s as invalid_config, in validation and at run and publish',
    async (url) => {
      const document = withNode(winback, 'out_winback', (config) => (config.destination = { type: 'webhook', url }));
      const { body } = await server.request('POST', '/api/validate', document);
      expect(body.problems).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'out_winback', field: 'destination.url' }));
      const saved = await server.request('POST', '/api/workflows', { document });
      for (const action of ['runs', 'publish']) {
        const res = await server.request('POST', `/api/workflows/${saved.body.id}/${action}`, {});
        expectClearRefusal(res, 422);
        expect(res.body.error.details.problems).toContainEqual(expect.objectContaining({ code: 'invalid_config', field: 'destination.url' }));
      }
    },
  );

  describe('huge lists and long formulas', () => {
    const customers = { id: 'customers', kind: 'source', label: 'Customers', config: { format: 'csv', path: 'cdnow_customers.csv', key: 'customer_id' } };
    const out = { id: 'out', kind: 'output', config: { segment: 'picked', destination: { type: 'csv', path: 'out/picked.csv' } } };
    const listed = (operator: 'in' | 'notIn', values: unknown[]) => ({
      schemaVersion: 1, name: 'listed',
      nodes: [customers, { id: 'pick', kind: 'filter', label: 'Picked', config: { condition: { combinator: 'and', rules: [{ field: 'customer_id', operator, value: values }] } } }, out],
      edges: [{ source: 'customers', target: 'pick' }, { source: 'pick', target: 'out' }],
    });
    const computed = (formula: string) => ({
      schemaVersion: 1, name: 'computed',
      nodes: [customers, { id: 'calc', kind: 'compute', label: 'Score', config: { as: 'score', formula } }, out],
      edges: [{ source: 'customers', target: 'calc' }, { source: 'calc', target: 'out' }],
    });
    const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + 2 * (i + 1));

    /** Validation answers 200 with an invalid_config problem on the node, or refuses the body as too large; never a 5xx. */
    async function refused(document: unknown, nodeId: string) {
      const res = await server.request('POST', '/api/validate', document);
      if (res.status === 413) return expectClearRefusal(res, 413);
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(false);
      expect(res.body.problems).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId }));
      return res.body.problems.find((p: { nodeId?: string }) => p.nodeId === nodeId);
    }

    it('refuses an in or notIn list over the cap in plain words, naming the node and the field', async () => {
      const problem = await refused(listed('in', ids(60_000)), 'pick');
      expect(problem).toMatchObject({ field: 'customer_id', message: "'Picked' lists 60,000 values in the rule on 'customer_id'; a rule can list at most 10,000." });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom<'in' | 'notIn'>('in', 'notIn'), fc.integer({ min: 10_001, max: 400_000 }), fc.boolean(), async (operator, n, texts) => {
          await refused(listed(operator, texts ? ids(n).map((id) => `c${id}`) : ids(n)), 'pick');
        }),
        { numRuns: 8 },
      );
    });

    it('refuses long and deep formulas with a position, whatever their shape', async () => {
      const shapes = fc.record({
        terms: fc.integer({ min: 130, max: 120_000 }),
        op: fc.constantFrom('+', '-', '*', '/', ' and ', ' or ', ' = '),
        wrap: fc.constantFrom('', '(', '-', 'not ', 'abs(', 'coalesce('),
        depth: fc.integer({ min: 0, max: 100_000 }),
      });
      await fc.assert(
        fc.asyncProperty(shapes, async ({ terms, op, wrap, depth }) => {
          const chain = Array.from({ length: terms }, () => 'customer_id').join(op);
          const formula = wrap.repeat(depth) + chain + (wrap.endsWith('(') ? ')' : '').repeat(depth);
          const problem = await refused(computed(formula), 'calc');
          if (problem) expect(problem.position).toEqual(expect.any(Number));
        }),
        { numRuns: 25 },
      );
    });

    it('runs a list just under the cap, in and notIn alike', async () => {
      const known = readFileSync(join(DATASETS, 'cdnow_customers.csv'), 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[0]));
      const listedIds = new Set(ids(9_999));
      const inside = known.filter((id) => listedIds.has(id)).length;
      expect(inside).toBeGreaterThan(9_000);
      for (const [operator, expected] of [['in', inside], ['notIn', known.length - inside]] as const) {
        const document = listed(operator, ids(9_999));
        expect((await server.request('POST', '/api/validate', document)).body).toMatchObject({ ok: true, problems: [] });
        const saved = await server.request('POST', '/api/workflows', { document });
        const { body } = await server.request('POST', `/api/workflows/${saved.body.id}/runs`, { mode: 'parallel', partitions: 3 });
        const run = await waitForRun(server, body.runId, 60_000);
        expect(run.status).toBe('succeeded');
        expect(run.segments.picked.count).toBe(expected);
      }
    }, 120_000);
  });

  it('never answers POST /api/validate with a 5xx, whatever JSON it is sent', async () => {
    const kinds = ['source', 'events', 'filter', 'aggregate', 'compute', 'lookup', 'rank', 'union', 'intersect', 'exclude', 'output', 'nope'];
    const workflowLike = fc.record({
      schemaVersion: fc.oneof(fc.constant(1), fc.jsonValue()),
      nodes: fc.array(fc.record({ id: fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.string()), kind: fc.constantFrom(...kinds), config: fc.jsonValue(), label: fc.option(fc.string()) }), { maxLength: 6 }),
      edges: fc.array(fc.record({ source: fc.constantFrom('a', 'b', 'c', 'z'), target: fc.constantFrom('a', 'b', 'c', 'z'), targetHandle: fc.option(fc.string()) }), { maxLength: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), workflowLike, fc.record({ document: workflowLike })), async (value) => {
        const res = await server.request('POST', '/api/validate', JSON.stringify(value) ?? 'null');
        if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(value).slice(0, 300)}: ${JSON.stringify(res.body)}`);
        if (res.status !== 200) expectClearRefusal(res);
      }),
      { numRuns: 200 },
    );
  });
  it('never stores a deep draft or import, however and wherever it nests: 400, and the workflow still opens', async () => {
    const draft = (await server.request('POST', '/api/workflows', {})).body;
    const count = async () => (await server.request('GET', '/api/workflows')).body.workflows.length;
    const before = await count();
    const nesting = fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"combinator":"and","rules":[', ']}']);
    // Sent as text: the nesting is deeper than this process's own JSON.stringify can go.
    const deepDocument = fc.tuple(fc.integer({ min: 81, max: 6000 }), nesting, fc.constantFrom('extra', 'config', 'nodes', 'edges')).map(([levels, [open, close], where]) => {
      const deep = open.repeat(levels) + '1' + close.repeat(levels);
      if (where === 'extra') return `{"schemaVersion":1,"nodes":[],"edges":[],"extra":${deep}}`;
      if (where === 'config') return `{"schemaVersion":1,"nodes":[{"id":"f","kind":"filter","config":{"condition":${deep}}}],"edges":[]}`;
      return where === 'nodes' ? `{"schemaVersion":1,"nodes":[${deep}],"edges":[]}` : `{"schemaVersion":1,"nodes":[],"edges":[${deep}]}`;
    });
    await fc.assert(
      fc.asyncProperty(deepDocument, async (document) => {
        for (const res of [
          await server.request('POST', '/api/workflows', `{"document":${document}}`),
          await server.request('PUT', `/api/workflows/${draft.id}`, `{"revision":${draft.revision},"document":${document}}`),
          await server.request('POST', '/api/workflows/import', document),
        ]) {
          expectClearRefusal(res, 400);
          expect(res.body.error.details.problems).toEqual([expect.objectContaining({ code: 'invalid_document', message: 'The document nests deeper than 80 levels.' })]);
        }
        const opened = await server.request('GET', `/api/workflows/${draft.id}`);
        expect(opened.status).toBe(200);
        expect(opened.body.revision).toBe(draft.revision);
      }),
      { numRuns: 40 },
    );
    expect(await count()).toBe(before);
  });

  it('refuses in words to open a deep draft saved before the limits were checked, and lets it be saved over or deleted', async () => {
    // As deep as the server kept drafts before it checked (deeper, its JSON writer gave up before storing).
    const stored = server.segflow.context.workflows.create({ name: 'Too deep', document: { schemaVersion: 1, name: '', nodes: [], edges: [] } });
    storeRawDocument(server, stored.id, `{"schemaVersion":1,"nodes":[],"edges":[],"extra":${'['.repeat(4000)}${']'.repeat(4000)}}`);
    for (const path of [`/api/workflows/${stored.id}`, `/api/workflows/${stored.id}/export`]) {
      const res = await server.request('GET', path);
      expectClearRefusal(res, 422);
      expect(res.body.error.message).toBe('The saved draft of Too deep cannot be opened: The document nests deeper than 80 levels. Save a new draft over it or delete the workflow.');
    }
    expect((await server.request('GET', '/api/workflows')).status).toBe(200);
    const published = await server.request('POST', `/api/workflows/${stored.id}/publish`, {});
    expectClearRefusal(published, 422);
    const saved = await server.request('PUT', `/api/workflows/${stored.id}`, { document: { schemaVersion: 1, nodes: [], edges: [] }, revision: stored.revision });
    expect(saved.status).toBe(200);
    expect((await server.request('GET', `/api/workflows/${stored.id}`)).status).toBe(200);
    expect((await server.request('DELETE', `/api/workflows/${stored.id}`)).status).toBe(204);
  });
});
