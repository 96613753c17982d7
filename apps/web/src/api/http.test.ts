import { afterEach, describe, expect, it, vi } from 'vitest';
import { workflowRecordSchema } from '@segflow/contract';
import { ApiError, request } from './http.ts';

const respond = (status: number, body: unknown) =>
  vi.fn(() => Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));

const record = { id: 'wf_1', name: 'Win back', revision: 2, publishedVersion: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', document: { schemaVersion: 1, nodes: [] } };

afterEach(() => vi.unstubAllGlobals());

describe('request', () => {
  it('answers the data the endpoint’s response schema reads', async () => {
    vi.stubGlobal('fetch', respond(200, record));
    const workflow = await request('/api/workflows/wf_1', workflowRecordSchema);
    expect(workflow.revision).toBe(2);
  });

  it('refuses an answer of another shape with a typed error, not a guess', async () => {
    vi.stubGlobal('fetch', respond(200, { workflow: record }));
    const error = await request('/api/workflows/wf_1', workflowRecordSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_answer' });
  });

  it('reads the error envelope into a coded error', async () => {
    vi.stubGlobal('fetch', respond(409, { error: { code: 'conflict', message: 'Someone saved first.', details: { current: record } } }));
    const error = await request('/api/workflows/wf_1', workflowRecordSchema, { method: 'PUT', json: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'Someone saved first.', details: { current: record } });
  });

  it('answers nothing for an endpoint without a body', async () => {
    vi.stubGlobal('fetch', respond(204, undefined));
    await expect(request('/api/workflows/wf_1', null, { method: 'DELETE' })).resolves.toBeUndefined();
  });
});
