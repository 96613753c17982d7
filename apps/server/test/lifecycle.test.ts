import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, readRunEvents, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';

/** The winback example with the "big spender" threshold changed. */
function withBigOver(document: any, value: number) {
  const copy = structuredClone(document);
  copy.nodes.find((n: { id: string }) => n.id === 'big').config.condition.rules[0].value = value;
  return copy;
}

describe('a workflow from first draft to restored version', () => {
  let server: TestServer;
  const winback = example('winback.json');
  let id: string;
  let revision: number;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('creates a workflow from a document', async () => {
    const { status, body, headers } = await server.request('POST', '/api/workflows', { document: winback });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'winback', revision: 1, publishedVersion: null, document: winback });
    expect(headers.get('location')).toBe(`/api/workflows/${body.id}`);
    id = body.id;
    revision = body.revision;
  });

  it('previews exact counts for every node, equal to what a run gives', async () => {
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview`, { asOf: WINBACK_AS_OF });
    expect(status).toBe(200);
    expect(body.counts.out_winback).toMatchObject({ rows: 1927, exact: true, kind: 'exact' });
    expect(body.counts.customers.rows).toBe(23544);
    expect(body.problems).toEqual([]);
  });

  it('previews unsaved edits, recomputing only what lies downstream of the edit', async () => {
    const { body } = await server.request('POST', `/api/workflows/${id}/preview`, { asOf: WINBACK_AS_OF, document: withBigOver(winback, 1000) });
    expect([...body.computed].sort()).toEqual(['big', 'out_winback', 'u', 'x']);
    expect(body.counts.big.rows).toBeLessThan(1747);
  });

  it('cancels an older preview of the same workflow when a newer one arrives', async () => {
    // Dates not previewed yet, so neither comes from the cache.
    const older = server.request('POST', `/api/workflows/${id}/preview`, { asOf: '2022-05-01' });
    await new Promise((r) => setTimeout(r, 20));
    const newer = await server.request('POST', `/api/workflows/${id}/preview`, { asOf: '2022-05-02' });
    expect((await older).body.error).toMatchObject({ code: 'superseded' });
    expect((await older).status).toBe(409);
    expect(newer.status).toBe(200);
    expect(newer.body.counts.out_winback.exact).toBe(true);
  });

  it('lists the first members of a node with their columns', async () => {
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview/x/rows`, { asOf: WINBACK_AS_OF });
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(50);
    expect(body.columns.map((c: { name: string }) => c.name)).toContain('spend');
    expect(body.rows[0].customer_id).toEqual(expect.any(Number));
    expect((await server.request('POST', `/api/workflows/${id}/preview/nope/rows`, {})).status).toBe(404);
  });

  it('saves an edit as a new revision and refuses a stale one with the current workflow', async () => {
    const renamed = { ...winback, name: 'Win back' };
    const saved = await server.request('PUT', `/api/workflows/${id}`, { name: 'Win back', document: renamed, revision });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(revision + 1);
    const stale = await server.request('PUT', `/api/workflows/${id}`, { name: 'Lost?', document: winback, revision });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.details.current).toMatchObject({ id, name: 'Win back', revision: revision + 1, document: renamed });
    revision = saved.body.revision;
  });

  it('runs, streams every event once in order across a reconnect, and delivers the segment', async () => {
    const started = await server.request('POST', `/api/workflows/${id}/runs`, { asOf: WINBACK_AS_OF, mode: 'parallel', partitions: 4 });
    expect(started.status).toBe(202);
    const { runId } = started.body;
    const events = `${server.url}/api/runs/${runId}/events`;

    const first = await readRunEvents(events, { stopAfter: 5 });
    expect(first.status).toBe(200);
    expect(first.events[0].type).toBe('run-started');
    const rest = await readRunEvents(events, { lastEventId: first.ids.at(-1) });
    const seqs = [...first.ids, ...rest.ids];
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(rest.events.map((e) => e.seq)).toEqual(rest.ids);
    const finished = rest.events.at(-1)!;
    expect(finished).toMatchObject({ type: 'run-finished', status: 'succeeded', segments: { winback: { count: 1927 } } });

    // ?after= resumes the same way, and a client that has everything is told the stream is over.
    const tail = await readRunEvents(events, { after: seqs.length - 2 });
    expect(tail.ids).toEqual([seqs.length - 1, seqs.length]);
    expect((await readRunEvents(events, { lastEventId: seqs.length })).status).toBe(204);

    const run = await waitForRun(server, runId);
    expect(run).toMatchObject({ status: 'succeeded', mode: 'parallel', partitions: 4, asOf: WINBACK_AS_OF, version: null, lastSeq: seqs.length });
    expect(run.segments.winback).toEqual({ count: 1927, path: `outputs/${runId}/out/winback.csv`, url: `/api/runs/${runId}/segments/winback.csv` });
    expect(run.nodes.x).toMatchObject({ status: 'succeeded', rows: 1927 });

    const csv = await server.request('GET', run.segments.winback.url);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toMatch(/^customer_id,/);
    expect(lines).toHaveLength(1928);

    const history = await server.request('GET', `/api/workflows/${id}/runs`);
    expect(history.body.runs[0]).toMatchObject({ id: runId, status: 'succeeded', segments: { winback: 1927 } });
  });

  it('publishes versions, diffs them, and restores an old one as a new draft revision', async () => {
    const v1 = await server.request('POST', `/api/workflows/${id}/publish`, { note: 'first' });
    expect(v1.status).toBe(201);
    expect(v1.body.version).toMatchObject({ n: 1, note: 'first' });

    const edited = withBigOver({ ...winback, name: 'Win back' }, 1000);
    const saved = await server.request('PUT', `/api/workflows/${id}`, { document: edited, revision });
    revision = saved.body.revision;
    expect((await server.request('POST', `/api/workflows/${id}/publish`, { note: 'bigger spenders' })).body.version.n).toBe(2);
    expect((await server.request('GET', `/api/workflows/${id}`)).body.publishedVersion).toBe(2);

    const diff = await server.request('GET', `/api/workflows/${id}/versions/1/diff/2`);
    expect(diff.status).toBe(200);
    expect(diff.body.nodes).toMatchObject({ added: [], removed: [], changed: [{ id: 'big', kind: 'filter', config: [{ key: 'condition' }] }] });
    expect(diff.body.edges).toEqual({ added: [], removed: [] });
    expect(diff.body.nodes.changed[0].config[0].to.rules[0].value).toBe(1000);

    const restored = await server.request('POST', `/api/workflows/${id}/versions/1/restore`, {});
    expect(restored.status).toBe(200);
    expect(restored.body.revision).toBe(revision + 1);
    expect(restored.body.document).toEqual((await server.request('GET', `/api/workflows/${id}/versions/1`)).body.document);
    expect((await server.request('GET', `/api/workflows/${id}/versions/1/diff/draft`)).body.nodes.changed).toEqual([]);
  });

  it('records the version a run ran and shows its segment counts per version', async () => {
    const started = await server.request('POST', `/api/workflows/${id}/runs`, { asOf: WINBACK_AS_OF, version: 1, mode: 'sequential' });
    const run = await waitForRun(server, started.body.runId);
    expect(run).toMatchObject({ status: 'succeeded', version: 1, partitions: 1 });
    const { body } = await server.request('GET', `/api/workflows/${id}/versions`);
    expect(body.versions.map((v: { n: number }) => v.n)).toEqual([2, 1]);
    expect(body.versions[1].lastRun).toMatchObject({ id: run.id, segments: { winback: 1927 } });
    expect(body.versions[0].lastRun).toBeNull();
  });

  it('exports a document as a JSON file and imports it back', async () => {
    const exported = await server.request('GET', `/api/workflows/${id}/export?version=2`);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename="?win-back-v2.json"?/);
    const imported = await server.request('POST', '/api/workflows/import', exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ name: 'Win back', revision: 1, document: exported.body });
  });

  it('deletes a workflow with its runs and versions', async () => {
    expect((await server.request('DELETE', `/api/workflows/${id}`)).status).toBe(204);
    expect((await server.request('GET', `/api/workflows/${id}`)).status).toBe(404);
    expect((await server.request('GET', `/api/workflows/${id}/versions`)).status).toBe(404);
  });
});
