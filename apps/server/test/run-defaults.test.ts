import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startServer, WINBACK_AS_OF, type TestServer } from './helpers.ts';

/** One place decides a run's settings: the request's, else the document's `run` defaults, else the machine's. */
describe('run defaults', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('compares modes as of the document’s date when the request gives none, as a run would', async () => {
    const document = { ...example('winback.json'), run: { asOf: WINBACK_AS_OF } };
    const { body: created } = await server.request('POST', '/api/workflows', { document });
    const compared = await server.request('POST', `/api/workflows/${created.id}/compare`, { sample: 0.05 });
    expect(compared.status).toBe(200);
    expect(compared.body.asOf).toBe(WINBACK_AS_OF);
    const asked = await server.request('POST', `/api/workflows/${created.id}/compare`, { sample: 0.05, asOf: '2022-01-31' });
    expect(asked.body.asOf).toBe('2022-01-31');
  });
});
