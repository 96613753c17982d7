import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

describe('data warnings while editing', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('a live count reports repeated and empty customer keys on the source, in words, before any run', async () => {
    const rows = ['customer_id,name', '1,a', '2,b', '2,b again', '3,c', ',nobody', '5,e', '5,e again', '5,e thrice'];
    writeFileSync(join(server.dataDir, 'datasets', 'people.csv'), rows.join('\n') + '\n');
    const document = {
      schemaVersion: 1, name: 'people',
      nodes: [
        { id: 'people', kind: 'source', label: 'People', config: { format: 'csv', path: 'people.csv', key: 'customer_id' } },
        { id: 'out', kind: 'output', label: 'Everyone', config: { segment: 'everyone', destination: { type: 'csv', path: 'everyone.csv' } } },
      ],
      edges: [{ source: 'people', target: 'out' }],
    };
    const { body: workflow } = await server.request('POST', '/api/workflows', { document });
    const preview = await server.request('POST', `/api/workflows/${workflow.id}/preview`, { document });
    expect(preview.status).toBe(200);
    expect(preview.body.counts.people).toMatchObject({ rows: 4, exact: true });
    expect(preview.body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'duplicate_key', severity: 'warning', nodeId: 'people', message: '3 rows repeat a "customer_id" seen before: one row per customer is kept. Choose which one under “When a key appears twice”.' }),
      expect.objectContaining({ code: 'missing_key', severity: 'warning', nodeId: 'people', message: '1 row has no "customer_id" and was left out: every row needs a customer key.' }),
    ]));
  });
});
