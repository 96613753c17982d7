import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENDPOINTS, endpoints, openApiDocument, openApiPath, runBody } from '../src/index.ts';

describe('the OpenAPI document built from the API table', () => {
  it('spells express paths as OpenAPI templates', () => {
    expect(openApiPath('/api/workflows/:id/versions/:n/diff/:m')).toBe('/api/workflows/{id}/versions/{n}/diff/{m}');
  });

  it('has one operation per row, public ones without security', () => {
    const document = openApiDocument();
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations).toHaveLength(Object.keys(ENDPOINTS).length);
    expect(document.paths['/api/health'].get).toMatchObject({ security: [], 'x-segflow-role': 'public' });
    expect(document.paths['/api/users'].get).toMatchObject({ 'x-segflow-role': 'admin' });
    expect(document.paths['/api/users'].get).not.toHaveProperty('security');
  });

  it('describes what a client sends as input: defaults and coercions, optional bodies, uploads', () => {
    const table = endpoints({
      'POST /api/things/:id': {
        tag: 'Things', role: 'editor', summary: 'A thing.',
        params: z.object({ id: z.string() }),
        query: z.object({ limit: z.coerce.number().int().default(5), q: z.string() }),
        body: runBody,
        responses: { 201: z.object({ id: z.string() }), 204: null },
      },
      'PUT /api/files/:name': { tag: 'Things', role: 'admin', summary: 'A file.', params: z.object({ name: z.string() }), body: 'upload', responses: { 200: { mediaType: 'text/csv', description: 'rows' } } },
    });
    const { paths } = openApiDocument(table);
    const post = paths['/api/things/{id}'].post as any;
    expect(post.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 5, minimum: expect.any(Number), maximum: expect.any(Number) } },
      { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
    ]);
    expect(post.requestBody.required).toBe(false);
    expect(Object.keys(post.responses)).toEqual(['201', '204', 'default']);
    const put = paths['/api/files/{name}'].put as any;
    expect(Object.keys(put.requestBody.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(put.responses['200'].content)).toEqual(['text/csv']);
  });
});
