import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, waitForRun, type TestServer } from './helpers.ts';

/**
 * Stores parse documents before they keep them and hand them out parsed; a row
 * saved by an older server that no longer parses is refused in words (422),
 * never a 500, and stays in the database as it was.
 */
const source = { id: 'customers', kind: 'source', config: { format: 'csv', path: 'cdnow_customers.csv', key: 'customer_id' } };
const document = { schemaVersion: 1, name: 'Stored', nodes: [source], edges: [] };
/** A node without an id: not a workflow document at all. */
const broken = { schemaVersion: 1, nodes: [{ kind: 'source', config: {} }], edges: [] };
const BROKEN_TEXT = JSON.stringify(broken);

describe('stored documents', () => {
  let server: TestServer;
  let sqlite: Database.Database;
  beforeAll(async () => {
    server = await startServer();
    sqlite = new Database(join(server.dataDir, 'segflow.sqlite'));
  });
  afterAll(async () => {
    sqlite.close();
    await server.close();
  });

  /** Writes a row's document straight into the database, as an older server could have left it. */
  const overwrite = (table: 'workflows' | 'versions' | 'runs', where: string, id: string) =>
    sqlite.prepare(`UPDATE ${table} SET document = ? WHERE ${where} = ?`).run(BROKEN_TEXT, id);
  const rowText = (table: string, where: string, id: string) => (sqlite.prepare(`SELECT document FROM ${table} WHERE ${where} = ?`).get(id) as { document: string }).document;

  it('refuses to save a document that is not a workflow document: 422 with the problem, nothing stored', async () => {
    const before = (await server.request('GET', '/api/workflows')).body.workflows.length;
    const created = await server.request('POST', '/api/workflows', { document: broken });
    expect(created.status).toBe(422);
    expect(created.body.error.code).toBe('invalid_document');
    expect(created.body.error.details.problems).toContainEqual(expect.objectContaining({ code: 'invalid_document', field: 'nodes.0.id', message: 'Enter an id for step 1.' }));
    expect((await server.request('GET', '/api/workflows')).body.workflows.length).toBe(before);

    const draft = (await server.request('POST', '/api/workflows', { document })).body;
    const saved = await server.request('PUT', `/api/workflows/${draft.id}`, { document: broken, revision: draft.revision });
    expect(saved.status).toBe(422);
    expect((await server.request('GET', `/api/workflows/${draft.id}`)).body).toMatchObject({ revision: draft.revision, document });
  });

  it('still saves a draft with problems, and hands it back as the engine reads it', async () => {
    const unfinished = { schemaVersion: 1, nodes: [source, { id: 'f', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'nope', operator: '=', value: 1 }] } } }], edges: [{ source: 'customers', target: 'f' }] };
    const created = await server.request('POST', '/api/workflows', { document: unfinished });
    expect(created.status).toBe(201);
    // Parsed on write: the defaults the spec gives are filled in.
    expect(created.body.document).toEqual({ ...unfinished, name: '', edges: [{ source: 'customers', target: 'f', targetPort: 'in' }] });
    expect((await server.request('GET', `/api/workflows/${created.body.id}`)).body.document).toEqual(created.body.document);
  });

  it('opens an old draft that no longer parses with a 422 in words, lists it, and lets it be saved over or deleted', async () => {
    const draft = (await server.request('POST', '/api/workflows', { name: 'Old draft', document })).body;
    overwrite('workflows', 'id', draft.id);
    for (const path of [`/api/workflows/${draft.id}`, `/api/workflows/${draft.id}/export`]) {
      const res = await server.request('GET', path);
      expect(res.status, path).toBe(422);
      expect(res.body.error.message, path).toMatch(/^The saved draft of Old draft cannot be opened: Enter an id for step 1\. Save a new draft over it or delete the workflow\.$/);
    }
    for (const [method, path] of [['POST', 'publish'], ['POST', 'runs'], ['POST', 'preview'], ['POST', 'compare']] as const) {
      const res = await server.request(method, `/api/workflows/${draft.id}/${path}`, {});
      expect(res.status, path).toBe(422);
      expect(res.body.error.code, path).toBe('invalid_document');
    }
    expect((await server.request('GET', '/api/workflows')).body.workflows).toContainEqual(expect.objectContaining({ id: draft.id, name: 'Old draft' }));
    expect(rowText('workflows', 'id', draft.id)).toBe(BROKEN_TEXT);

    // A rename alone would keep the unreadable draft: refused, nothing changed.
    expect((await server.request('PUT', `/api/workflows/${draft.id}`, { name: 'Renamed', revision: draft.revision })).status).toBe(422);
    expect(rowText('workflows', 'id', draft.id)).toBe(BROKEN_TEXT);
    const saved = await server.request('PUT', `/api/workflows/${draft.id}`, { document, revision: draft.revision });
    expect(saved.status).toBe(200);
    expect((await server.request('GET', `/api/workflows/${draft.id}`)).status).toBe(200);
    expect((await server.request('DELETE', `/api/workflows/${draft.id}`)).status).toBe(204);
  });

  it('lists the versions of a workflow one of whose versions no longer parses, and refuses only that one', async () => {
    const draft = (await server.request('POST', '/api/workflows', { name: 'Versions', document })).body;
    expect((await server.request('POST', `/api/workflows/${draft.id}/publish`, {})).status).toBe(201);
    // Version 2 must differ from version 1 (publishing an unchanged draft is refused).
    const changed = { ...document, nodes: [{ ...source, label: 'Customers' }] };
    expect((await server.request('PUT', `/api/workflows/${draft.id}`, { document: changed, revision: draft.revision })).status).toBe(200);
    expect((await server.request('POST', `/api/workflows/${draft.id}/publish`, {})).status).toBe(201);
    sqlite.prepare('UPDATE versions SET document = ? WHERE workflow_id = ? AND n = 1').run(BROKEN_TEXT, draft.id);

    const list = await server.request('GET', `/api/workflows/${draft.id}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.versions.map((v: { n: number }) => v.n)).toEqual([2, 1]);
    for (const path of ['versions/1', 'versions/1/diff/2', 'versions/2/diff/1', 'export?version=1']) {
      const res = await server.request('GET', `/api/workflows/${draft.id}/${path}`);
      expect(res.status, path).toBe(422);
      expect(res.body.error.code, path).toBe('invalid_document');
    }
    const restored = await server.request('POST', `/api/workflows/${draft.id}/versions/1/restore`, {});
    expect(restored.status).toBe(422);
    expect(restored.body.error.message).toMatch(/^Version 1 of Versions cannot be opened: /);
    expect((await server.request('GET', `/api/workflows/${draft.id}/versions/2`)).status).toBe(200);
    expect((await server.request('GET', `/api/workflows/${draft.id}/versions/2/diff/draft`)).status).toBe(200);
  });

  it('answers for a run whose stored document no longer parses with a 422, never a 500', async () => {
    const draft = (await server.request('POST', '/api/workflows', { name: 'Run', document })).body;
    const run = await server.request('POST', `/api/workflows/${draft.id}/runs`, {});
    expect(run.status).toBe(202);
    await waitForRun(server, run.body.runId);
    overwrite('runs', 'id', run.body.runId);
    for (const path of [`/api/runs/${run.body.runId}`, `/api/workflows/${draft.id}/runs`, `/api/workflows/${draft.id}/history`]) {
      const res = await server.request('GET', path);
      expect(res.status, path).toBeLessThan(500);
    }
    expect(rowText('runs', 'id', run.body.runId)).toBe(BROKEN_TEXT);
  });
});
