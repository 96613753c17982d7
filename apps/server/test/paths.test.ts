import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunEvents, startServer, waitForRun, type TestServer } from './helpers.ts';

const SECRET = 'TOPSECRET-not-a-dataset';

/** customers (a source at `path`) → one output per entry of `outputs` (label → file). */
function reading(path: string, outputs: Record<string, string> = { Everyone: 'everyone.csv' }) {
  const outs = Object.entries(outputs).map(([label, file], i) => ({
    id: `out${i}`, kind: 'output', label, config: { segment: `seg${i}`, destination: { type: 'csv', path: file } },
  }));
  return {
    schemaVersion: 1, name: 'paths',
    nodes: [{ id: 'customers', kind: 'source', label: 'Customers', config: { format: 'csv', path, key: 'customer_id' } }, ...outs],
    edges: outs.map((o) => ({ source: 'customers', target: o.id })),
  };
}

describe('paths in documents', () => {
  let server: TestServer;
  let outside: string;
  /** Every absolute spelling of the server's folders, none of which an answer may show. */
  let serverFolders: string[];
  beforeAll(async () => {
    server = await startServer();
    outside = mkdtempSync(join(tmpdir(), 'segflow-outside-'));
    writeFileSync(join(outside, 'secret.csv'), `customer_id,password\n1,${SECRET}\n`);
    const datasets = join(server.dataDir, 'datasets');
    symlinkSync(join(outside, 'secret.csv'), join(datasets, 'passwd.csv'));
    symlinkSync(outside, join(datasets, 'outlink'));
    writeFileSync(join(datasets, 'vip[1].csv'), 'customer_id\n1\n2\n');
    writeFileSync(join(datasets, 'vip1.csv'), 'customer_id\n3\n');
    const lines = ['customer_id,name', ...Array.from({ length: 30_000 }, (_, i) => `${i},n${i}`), '30001,a,b'];
    writeFileSync(join(datasets, 'ragged.csv'), `${lines.join('\n')}\n`);
    serverFolders = [...new Set([server.dataDir, realpathSync(server.dataDir)])];
  });
  afterAll(async () => {
    await server.close();
    rmSync(outside, { recursive: true, force: true });
  });

  const expectNothingPrivate = (body: unknown) => {
    const text = JSON.stringify(body);
    expect(text).not.toContain(SECRET);
    for (const folder of serverFolders) expect(text).not.toContain(folder);
    expect(text).not.toContain(outside);
  };

  it.each(['pass*.csv', 'passw?.csv', 'pass[w]d.csv', 'outl*/secret.csv', 'passwd.csv', 'outlink/secret.csv'])(
    'never reads outside the datasets folder through %j: validate, preview and member rows give a problem',
    async (path) => {
      const document = reading(path);
      const validated = await server.request('POST', '/api/validate', { document });
      expect(validated.body.ok).toBe(false);
      expect(validated.body.problems).toContainEqual(expect.objectContaining({ code: 'unreadable_source', nodeId: 'customers', message: expect.stringContaining(`"${path}"`) }));
      expect(validated.body.sources.customers.ok).toBe(false);
      const { body: saved } = await server.request('POST', '/api/workflows', { document });
      const previewed = await server.request('POST', `/api/workflows/${saved.id}/preview`, {});
      expect(previewed.body.problems).toContainEqual(expect.objectContaining({ code: 'unreadable_source', nodeId: 'customers' }));
      const rows = await server.request('POST', `/api/workflows/${saved.id}/preview/customers/rows`, {});
      expect(rows.body.rows ?? []).toEqual([]);
      expect((await server.request('POST', `/api/workflows/${saved.id}/runs`, {})).status).toBe(422);
      for (const body of [validated.body, previewed.body, rows.body]) expectNothingPrivate(body);
    },
  );

  it('reads a dataset whose name holds [ as that very file', async () => {
    const { body: saved } = await server.request('POST', '/api/workflows', { document: reading('vip[1].csv') });
    const rows = await server.request('POST', `/api/workflows/${saved.id}/preview/customers/rows`, {});
    expect(rows.body.rows).toEqual([{ customer_id: 1 }, { customer_id: 2 }]);
  });

  it.each([['same.csv', './same.csv'], ['same.csv', 'a/../same.csv']])('refuses two outputs writing %j and %j, on both nodes', async (first, second) => {
    const document = reading('vip1.csv', { Everyone: first, 'VIP list': second });
    const { body } = await server.request('POST', '/api/validate', { document });
    const found = body.problems.filter((p: { code: string }) => p.code === 'duplicate_output_path');
    expect(found.map((p: { nodeId: string }) => p.nodeId).sort()).toEqual(['out0', 'out1']);
    expect(found[0].message).toContain('"Everyone" and "VIP list" both write the file "same.csv"');
    const { body: saved } = await server.request('POST', '/api/workflows', { document });
    expect((await server.request('POST', `/api/workflows/${saved.id}/runs`, {})).status).toBe(422);
  });

  it.each(['.', './', 'sub/..'])('refuses %j as an output path once, and never runs it', async (path) => {
    const document = reading('vip1.csv', { Everyone: path });
    const { body } = await server.request('POST', '/api/validate', { document });
    expect(body.problems.filter((p: { field?: string }) => p.field === 'destination.path')).toEqual([
      expect.objectContaining({ code: 'invalid_config', nodeId: 'out0', message: expect.stringContaining('names a folder, not a file') }),
    ]);
    const { body: saved } = await server.request('POST', '/api/workflows', { document });
    expect((await server.request('POST', `/api/workflows/${saved.id}/runs`, {})).status).toBe(422);
  });

  it('shows files relative to the data folder in messages of validation, previews and runs', async () => {
    const parquet = { ...reading('vip1.csv'), nodes: reading('vip1.csv').nodes.map((n) => (n.id === 'customers' ? { ...n, config: { ...n.config, format: 'parquet' } } : n)) };
    const validated = await server.request('POST', '/api/validate', { document: parquet });
    expect(validated.body.sources.customers.message).toContain('datasets/vip1.csv');
    expectNothingPrivate(validated.body);

    // The sniffer sees the first 20k rows only: the ragged row fails the run, in DuckDB's words.
    const { body: saved } = await server.request('POST', '/api/workflows', { document: reading('ragged.csv') });
    const previewed = await server.request('POST', `/api/workflows/${saved.id}/preview`, {});
    expect(previewed.body.problems).toContainEqual(expect.objectContaining({ code: 'node_failed', nodeId: 'customers', message: expect.stringContaining('datasets/ragged.csv') }));
    expectNothingPrivate(previewed.body);
    const { body: started } = await server.request('POST', `/api/workflows/${saved.id}/runs`, { mode: 'sequential' });
    const run = await waitForRun(server, started.runId);
    expect(run.status).toBe('failed');
    expect(run.nodes.customers.error).toContain('datasets/ragged.csv');
    const events = await readRunEvents(`${server.url}/api/runs/${started.runId}/events`);
    expect(events.events.some((e) => e.type === 'node-failed')).toBe(true);
    for (const body of [run, events.events]) expectNothingPrivate(body);
  });
});

describe('leftovers of a killed server', () => {
  it('removes .partial files under outputs when the server starts, and nothing else', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'segflow-leftovers-'));
    const run = join(dataDir, 'outputs', 'run_old');
    mkdirSync(join(run, 'sub'), { recursive: true });
    for (const name of ['seg.csv', 'seg.csv.partial-123', 'sub/vip.json.partial-4567', 'notes.partial']) writeFileSync(join(run, name), 'x');
    const server = await startServer({}, dataDir);
    try {
      expect(readdirSync(run).sort()).toEqual(['notes.partial', 'seg.csv', 'sub']);
      expect(existsSync(join(run, 'sub', 'vip.json.partial-4567'))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
