import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { checkThreadsFromEnv } from '../src/config.ts';
import { checkThreads } from '../src/services/check-threads/pool.ts';
import { example, startServer, type TestServer } from './helpers.ts';

const winback = example('winback.json');
const changed = (document: any, change: (nodes: Record<string, any>) => void) => {
  const copy = structuredClone(document);
  change(Object.fromEntries(copy.nodes.map((n: { id: string }) => [n.id, n])));
  return copy;
};
const webhook = (headers: Record<string, unknown>) => changed(winback, (n) => {
  n.out_winback.config.destination = { type: 'webhook', url: 'https://crm.example.com/hook', headers };
});

/** The document and `count` more filters on its customers: a body of a few hundred bytes per filter. */
const withFilters = (document: any, count: number) => ({
  ...document,
  nodes: [...document.nodes, ...Array.from({ length: count }, (_, i) => ({
    id: `extra_${i}`, kind: 'filter', label: `Customers numbered above ${i}`,
    config: { condition: { combinator: 'and', rules: [{ field: 'customer_id', operator: '>', value: i }] } },
  }))],
  edges: [...document.edges, ...Array.from({ length: count }, (_, i) => ({ source: 'customers', target: `extra_${i}` }))],
});

/** Documents a check thread answers itself: valid, and broken in each way the engine and the server word. */
const answeredByThread: [string, unknown][] = [
  ['a valid workflow', winback],
  ['the wrapped form', { document: winback }],
  ['every example', example('couples_no_kids.json')],
  ['a rule on a column nobody makes', changed(winback, (n) => (n.loyal.config.condition.rules[0].field = 'nope'))],
  ['a cycle', { ...winback, edges: [...winback.edges, { source: 'x', target: 'loyal' }] }],
  ['a missing dataset', changed(winback, (n) => (n.customers.config.path = 'nowhere.csv'))],
  ['a path out of the data folder', changed(winback, (n) => (n.customers.config.path = '../../../etc/passwd'))],
  ['an output path out of the outputs folder', changed(winback, (n) => (n.out_winback.config.destination = { type: 'csv', path: '../../escape.csv' }))],
  ['a webhook with a stored secret', webhook({ Authorization: { secret: 'crm_token' } })],
  ['not a workflow at all', { hello: 'world' }],
];

/** Bodies only the server's own thread answers: the thread hands them back, and the answer is the same. */
const answeredByServer: [string, unknown][] = [
  ['a webhook secret that is not stored', webhook({ Authorization: { secret: 'no_such_secret' } })],
  ['a warehouse table', changed(winback, (n) => (n.customers.config = { format: 'postgres', connection: 'warehouse', table: 'customers', key: 'customer_id' }))],
  ['an array', [1, 2]],
];

describe('check threads', () => {
  let threaded: TestServer;
  let plain: TestServer;
  beforeAll(async () => {
    [threaded, plain] = await Promise.all([startServer({ checkThreads: 1 }), startServer({ checkThreads: 0 })]);
    for (const server of [threaded, plain])
      expect((await server.request('POST', '/api/secrets', { name: 'crm_token', value: 'sekret' })).status).toBe(201);
    await threaded.segflow.context.check.startThreads();
  }, 30_000);
  afterAll(() => Promise.all([threaded.close(), plain.close()]));

  const inThread = async (server: TestServer, body: unknown, key: string) => (await server.segflow.context.check.inThread(Buffer.from(JSON.stringify(body)), key)).check;

  it.each(answeredByThread)('answers %s in a thread, as the server itself would', async (_what, body) => {
    const fromThread = await inThread(threaded, body, `thread:${_what}`);
    expect(fromThread).toBeDefined();
    const overHttp = await threaded.request('POST', '/api/validate', body);
    const checkedByServer = await plain.request('POST', '/api/validate', body);
    expect(overHttp.status).toBe(200);
    expect(overHttp.body).toEqual(checkedByServer.body);
    expect(JSON.parse(JSON.stringify(fromThread))).toEqual(checkedByServer.body);
  });

  it.each(answeredByServer)('leaves %s to the server, which answers as without threads', async (_what, body) => {
    expect(await inThread(threaded, body, `server:${_what}`)).toBeUndefined();
    const overHttp = await threaded.request('POST', '/api/validate', body);
    const checkedByServer = await plain.request('POST', '/api/validate', body);
    expect(overHttp.status).toBe(checkedByServer.status);
    expect(overHttp.body).toEqual(checkedByServer.body);
  });

  it('sees a dataset file change at once', async () => {
    expect((await inThread(threaded, winback, 'before'))?.ok).toBe(true);
    // The orders file loses its amount column, which the winback aggregates sum.
    const orders = join(threaded.dataDir, 'datasets', 'cdnow_orders.csv');
    const text = readFileSync(orders, 'utf8');
    writeFileSync(orders, `${text.trim().split('\n').map((l) => l.split(',').slice(0, 3).join(',')).join('\n')}\n`);
    try {
      const after = await inThread(threaded, winback, 'after');
      expect(after?.ok).toBe(false);
      expect(after?.sources.orders.columns?.map((c) => c.name)).toEqual(['customer_id', 'order_date', 'quantity']);
      expect(after?.problems).toContainEqual(expect.objectContaining({ code: 'unknown_field', field: 'amount' }));
    } finally {
      writeFileSync(orders, text);
    }
    expect((await inThread(threaded, winback, 'restored'))?.ok).toBe(true);
  });

  it('answers every body of a burst, from threads or from the server, with the same answers', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => changed(winback, (n) => (n.big.config.condition.rules[0].value = 100 + i)));
    const answers = await Promise.all(bodies.map((body) => threaded.request('POST', '/api/validate', body)));
    const expected = await Promise.all(bodies.map((body) => plain.request('POST', '/api/validate', body)));
    expect(answers.map((a) => a.body)).toEqual(expected.map((a) => a.body));
  });

  it('takes a large body over without a copy and gives its bytes back when it leaves the body to the server', async () => {
    const valid = Buffer.from(JSON.stringify(withFilters(winback, 400)));
    const warehouse = Buffer.from(JSON.stringify(withFilters(answeredByServer[1][1], 400)));
    // Over HTTP, more than one read of the socket; any body of 4 kB or more is handed over.
    expect(valid.length).toBeGreaterThan(64 * 1024);
    const sent = Buffer.from(warehouse);
    const checked = await threaded.segflow.context.check.inThread(valid, 'large valid');
    expect(checked.check?.ok).toBe(true);
    // Its memory went to the thread: nothing was copied, and nothing is left here to read.
    expect(valid.length).toBe(0);
    const left = await threaded.segflow.context.check.inThread(warehouse, 'large warehouse');
    expect(left.check).toBeUndefined();
    expect(left.body?.equals(sent)).toBe(true);
  });

  it('answers large bodies over HTTP as without threads, the ones it leaves to the server too', async () => {
    for (const document of [withFilters(winback, 400), withFilters(answeredByServer[1][1], 400), withFilters(webhook({ Authorization: { secret: 'no_such_secret' } }), 400)]) {
      const overHttp = await threaded.request('POST', '/api/validate', document);
      const checkedByServer = await plain.request('POST', '/api/validate', document);
      expect(overHttp.status).toBe(checkedByServer.status);
      expect(overHttp.body).toEqual(checkedByServer.body);
    }
  });

  it('keeps a body\'s answer from its second coming on, and answers the third from memory', async () => {
    const check = threaded.segflow.context.check;
    const original = check.inThread;
    const keys: (string | undefined)[] = [];
    check.inThread = (body, key) => {
      keys.push(key);
      return original(body, key);
    };
    onTestFinished(() => void (check.inThread = original));
    const body = withFilters(winback, 7);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await threaded.request('POST', '/api/validate', body)).body);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // Never seen: checked, not hashed. Seen once: hashed, checked and kept. Then: from memory.
    expect(keys).toEqual([undefined, expect.stringMatching(/^raw:/)]);
  });

  it('after the threads stop, the server answers on its own', async () => {
    await threaded.segflow.context.check.close();
    expect(await inThread(threaded, winback, 'closed')).toBeUndefined();
    const res = await threaded.request('POST', '/api/validate', changed(winback, (n) => (n.big.config.condition.rules[0].value = 7)));
    expect(res.body).toMatchObject({ ok: true, problems: [] });
  });
});

describe('a check thread that stops while it has a body', () => {
  it('gives no bytes back, so the server never reads an emptied body as the request', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'segflow-threads-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(join(folder, 'cdnow_customers.csv'), 'customer_id\n1\n');
    writeFileSync(join(folder, 'cdnow_orders.csv'), 'customer_id,order_date,quantity,amount\n1,2020-01-01,1,9.5\n');
    let asked!: () => void;
    const describing = new Promise<void>((resolve) => (asked = resolve));
    // The thread waits for the server to describe the files: it has the body when it is stopped.
    const threads = checkThreads({ count: 1, datasets: folder, outputs: folder, checksCredentials: false, describe: () => (asked(), new Promise(() => {})) });
    await threads.start();
    const body = Buffer.from(JSON.stringify(withFilters(winback, 400)));
    const result = threads.check(body);
    await describing;
    await threads.close();
    expect(await result).toEqual({ checked: undefined, body: undefined });
  });
});

describe('SEGFLOW_CHECK_THREADS', () => {
  it('takes a whole number of threads, 0 for none, and stops the start on anything else', () => {
    expect(checkThreadsFromEnv({})).toEqual({});
    expect(checkThreadsFromEnv({ SEGFLOW_CHECK_THREADS: '0' })).toEqual({ checkThreads: 0 });
    expect(checkThreadsFromEnv({ SEGFLOW_CHECK_THREADS: '3' })).toEqual({ checkThreads: 3 });
    for (const bad of ['-1', '1.5', 'two']) expect(() => checkThreadsFromEnv({ SEGFLOW_CHECK_THREADS: bad })).toThrow(/SEGFLOW_CHECK_THREADS must be a whole number/);
  });
});
