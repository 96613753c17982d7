import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, upload, type TestServer } from './helpers.ts';
import { dataDirWithDatasets, serveOn } from './operate-server.ts';

const people = (rows: number, columns = 'id,name,score') =>
  `${columns}\n${Array.from({ length: rows }, (_, i) => `${i + 1},name ${i + 1},${i % 7}`).join('\n')}\n`;

const readsPeople = (scoreField = 'score') => ({
  schemaVersion: 1, name: 'people',
  nodes: [
    { id: 'people', kind: 'source', config: { format: 'csv', path: 'people.csv', key: 'id' } },
    { id: 'high', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: scoreField, operator: '>', value: 3 }] } } },
    { id: 'out', kind: 'output', config: { segment: 'high', destination: { type: 'csv', path: 'high.csv' } } },
  ],
  edges: [{ source: 'people', target: 'high' }, { source: 'high', target: 'out' }],
});

describe('datasets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ uploadLimitBytes: 100_000 });
  });
  afterAll(() => server.close());

  const tmpIsEmpty = () => expect(readdirSync(join(server.dataDir, 'tmp'))).toEqual([]);

  it('takes a CSV upload, sanitising its name, and describes it', async () => {
    const res = await upload(server, 'POST', '/api/datasets', '../../My People (2024).CSV', people(100));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'My_People_2024_.csv', format: 'csv', rows: 100,
      columns: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'string' }, { name: 'score', type: 'integer' }],
    });
    expect(existsSync(join(server.dataDir, 'datasets', 'My_People_2024_.csv'))).toBe(true);
    tmpIsEmpty();
  });

  it('lists datasets with size, rows and typed columns', async () => {
    const { body } = await server.request('GET', '/api/datasets');
    const names = body.datasets.map((d: { name: string }) => d.name);
    expect(names).toEqual(['My_People_2024_.csv', 'cdnow_customers.csv', 'cdnow_orders.csv', 'marketing_campaign.csv']);
    expect(body.datasets[1]).toMatchObject({ rows: 23544, size: 577538 });
  });

  it('tells the last day of every date column, so a workflow can count as of the day its data runs to', async () => {
    const { body } = await server.request('GET', '/api/datasets');
    const byName = (name: string) => body.datasets.find((d: { name: string }) => d.name === name);
    expect(byName('cdnow_orders.csv').latest).toEqual({ order_date: '2022-06-30' });
    expect(byName('cdnow_customers.csv').latest).toEqual({ first_order_date: '2021-03-25' });
    // No date column, nothing to tell.
    expect(byName('My_People_2024_.csv').latest).toEqual({});
  });

  it('reads the last day of a timestamp column, and leaves out a column with no value', async () => {
    const csv = 'id,seen_at,never\n1,2024-05-01 23:30:00,\n2,2025-12-31 08:15:00,\n';
    const res = await upload(server, 'POST', '/api/datasets', 'visits.csv', csv);
    expect(res.status).toBe(201);
    expect(res.body.latest).toEqual({ seen_at: '2025-12-31' });
  });

  it('refuses a malformed CSV with 422 and keeps nothing of it', async () => {
    const res = await upload(server, 'POST', '/api/datasets', 'broken.csv', 'id,name\n1,a\n2,b,c,d\n3\n');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_dataset');
    expect(res.body.error.message).toMatch(/broken\.csv is not a well-formed CSV/);
    expect(res.body.error.message).not.toContain(server.dataDir);
    expect(existsSync(join(server.dataDir, 'datasets', 'broken.csv'))).toBe(false);
    tmpIsEmpty();
  });

  it('refuses a file over the size limit with 413, whether or not its length was declared past the limit', async () => {
    const res = await upload(server, 'POST', '/api/datasets', 'big.csv', people(10_000));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
    // Just over the limit: only counting the streamed bytes can tell.
    const streamed = people(6_500);
    expect(streamed.length).toBeGreaterThan(100_000);
    expect(streamed.length).toBeLessThan(150_000);
    expect((await upload(server, 'POST', '/api/datasets', 'big.csv', streamed)).status).toBe(413);
    expect(existsSync(join(server.dataDir, 'datasets', 'big.csv'))).toBe(false);
    tmpIsEmpty();
  });

  it('refuses other file types, empty files, and a second file of the same name', async () => {
    expect((await upload(server, 'POST', '/api/datasets', 'tool.exe', 'MZ')).status).toBe(415);
    expect((await upload(server, 'POST', '/api/datasets', 'empty.csv', '')).status).toBe(422);
    expect((await upload(server, 'POST', '/api/datasets', 'bad.json', '{"a": 1, ')).status).toBe(422);
    expect((await upload(server, 'POST', '/api/datasets', 'My People (2024).csv', people(3))).body.error.code).toBe('already_exists');
    expect((await server.request('POST', '/api/datasets', { not: 'multipart' })).status).toBe(415);
    tmpIsEmpty();
  });

  it('replaces a dataset and lists the workflows it breaks', async () => {
    expect((await upload(server, 'POST', '/api/datasets', 'people.csv', people(50))).status).toBe(201);
    const fine = await server.request('POST', '/api/workflows', { document: readsPeople() });
    await server.request('POST', '/api/workflows', { document: { ...readsPeople(), nodes: [] } });
    const res = await upload(server, 'PUT', '/api/datasets/people.csv', 'whatever.csv', people(20, 'id,name,points'));
    expect(res.status).toBe(200);
    expect(res.body.dataset).toMatchObject({ name: 'people.csv', rows: 20 });
    expect(res.body.affected).toEqual([
      { id: fine.body.id, name: 'people', where: 'draft', problems: [expect.objectContaining({ code: 'unknown_field', nodeId: 'high', field: 'score' })] },
    ]);
    expect((await upload(server, 'PUT', '/api/datasets/nope.csv', 'x.csv', people(2))).status).toBe(404);
  });

  it('refuses to delete a dataset a published version reads, and deletes it once none does', async () => {
    const created = await server.request('POST', '/api/workflows', { document: readsPeople('points') });
    expect((await server.request('POST', `/api/workflows/${created.body.id}/publish`, { note: 'v1' })).status).toBe(201);
    const refused = await server.request('DELETE', '/api/datasets/people.csv');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'in_use', details: { versions: [{ workflowId: created.body.id, n: 1 }] } });
    await server.request('DELETE', `/api/workflows/${created.body.id}`);
    expect((await server.request('DELETE', '/api/datasets/people.csv')).status).toBe(204);
    expect((await server.request('GET', '/api/datasets/people.csv')).status).toBe(404);
  });

  it('takes one of ten uploads racing for one new name, and refuses the nine others with 409', async () => {
    const contents = Array.from({ length: 10 }, (_, i) => people(10 + i));
    const answers = await Promise.all(contents.map((content) => upload(server, 'POST', '/api/datasets', 'racing.csv', content)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const winner = answers.find((a) => a.status === 201)!;
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.body.error).toMatchObject({ code: 'already_exists', message: 'A dataset named racing.csv exists already: replace it with PUT /api/datasets/racing.csv.' });
    expect(readFileSync(join(server.dataDir, 'datasets', 'racing.csv'), 'utf8')).toBe(contents[winner.body.rows - 10]);
    tmpIsEmpty();
  });
});

describe('dataset facts across a restart', () => {
  it('reads each file once per version: a cold listing after a restart answers from the facts kept in the data folder', async () => {
    const dataDir = dataDirWithDatasets();
    const factsFile = join(dataDir, 'cache', 'dataset-facts.json');
    try {
      const first = await serveOn(dataDir);
      expect((await first.request('GET', '/api/datasets')).body.datasets[0]).toMatchObject({ name: 'cdnow_customers.csv', rows: 23544 });
      await first.stop();
      const kept = JSON.parse(readFileSync(factsFile, 'utf8'));
      expect(kept.datasets['cdnow_customers.csv'].facts).toMatchObject({ rows: 23544, columns: expect.arrayContaining([{ name: 'customer_id', type: 'integer' }]) });
      // A count only the kept facts hold: if the restarted server read the file again, it would say 23544.
      kept.datasets['cdnow_customers.csv'].facts.rows = 7;
      writeFileSync(factsFile, JSON.stringify(kept));
      const second = await serveOn(dataDir);
      expect((await second.request('GET', '/api/datasets')).body.datasets[0]).toMatchObject({ name: 'cdnow_customers.csv', rows: 7 });
      // A new version of the file (another modification time) is read again.
      utimesSync(join(dataDir, 'datasets', 'cdnow_customers.csv'), new Date(), new Date(Date.now() - 60_000));
      expect((await second.request('GET', '/api/datasets')).body.datasets[0]).toMatchObject({ name: 'cdnow_customers.csv', rows: 23544 });
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
