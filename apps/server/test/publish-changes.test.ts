import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startServer, type TestServer } from './helpers.ts';

describe('publishing only what changed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('refuses a new version when the draft is the latest version unchanged, and publishes once it changes', async () => {
    const document = example('winback.json');
    const { body: created } = await server.request('POST', '/api/workflows', { name: 'Win back', document });
    expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);

    const again = await server.request('POST', `/api/workflows/${created.id}/publish`, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'no_changes', message: 'No changes since version 1: the draft is what version 1 publishes already.', details: { version: 1 } });

    // Moving a step on the canvas is no change to the segment either.
    const moved = { ...document, nodes: document.nodes.map((n: { position?: unknown }, i: number) => (i === 0 ? { ...n, position: { x: 999, y: 999 } } : n)) };
    const { body: current } = await server.request('GET', `/api/workflows/${created.id}`);
    const savedMove = await server.request('PUT', `/api/workflows/${created.id}`, { document: moved, revision: current.revision });
    expect(savedMove.status).toBe(200);
    expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(409);

    const renamed = { ...moved, nodes: moved.nodes.map((n: { label?: string }, i: number) => (i === 0 ? { ...n, label: 'Everyone we know' } : n)) };
    expect((await server.request('PUT', `/api/workflows/${created.id}`, { document: renamed, revision: savedMove.body.revision })).status).toBe(200);
    const published = await server.request('POST', `/api/workflows/${created.id}/publish`, {});
    expect(published.status).toBe(201);
    expect(published.body.version.n).toBe(2);
  });
});
