import { describe, expect, it } from 'vitest';
import { compileRoute, matchRoute, routeTable } from './route-match.ts';
import { policyFor } from './guard.ts';

describe('matchRoute', () => {
  const versions = compileRoute('GET /api/workflows/:id/versions/:n');

  it('matches like express: without case, with a trailing slash, HEAD as GET, params decoded', () => {
    expect(matchRoute(versions, 'GET', '/api/workflows/wf_1/versions/2')).toEqual({ id: 'wf_1', n: '2' });
    expect(matchRoute(versions, 'HEAD', '/API/Workflows/wf%201/VERSIONS/2/')).toEqual({ id: 'wf 1', n: '2' });
  });

  it('does not match other methods, lengths, empty segments or malformed escapes', () => {
    for (const [method, path] of [['POST', '/api/workflows/wf_1/versions/2'], ['GET', '/api/workflows/wf_1/versions'], ['GET', '/api/workflows/wf_1/versions/2/x'],
      ['GET', '/api/workflows//versions/2'], ['GET', '/api/workflows/%E0%A4%A/versions/2']])
      expect(matchRoute(versions, method, path), `${method} ${path}`).toBeUndefined();
  });

  it('refuses route syntax it cannot match exactly', () => {
    for (const key of ['GET /api/{*rest}', 'GET /api/:id?', 'GET api/x', 'GET /api/x extra']) expect(() => compileRoute(key), key).toThrow();
  });
});

describe('policyFor', () => {
  it('prefers the literal route over a parameter when both match, by taking the stricter', () => {
    expect(policyFor('POST', '/api/workflows/import')).toMatchObject({ key: 'POST /api/workflows/import', access: 'editor' });
    expect(policyFor('GET', '/api/runs/run_1/segments/a.csv')).toMatchObject({ params: { runId: 'run_1', file: 'a.csv' }, access: 'viewer' });
    expect(policyFor('GET', '/api/nothing')).toBeUndefined();
  });
});

describe('routeTable', () => {
  const keys = ['GET /api/workflows/:id', 'PUT /api/workflows/:id', 'GET /api/workflows/:id/versions/:n', 'POST /api/workflows/:id/evaluate', 'POST /api/workflows/:id/explain', 'GET /api/health'];
  const table = routeTable(keys.map(compileRoute));

  it('offers a request only the routes of its method and number of segments, HEAD as GET', () => {
    expect(table.candidates('POST', '/api/workflows/wf_1/evaluate').patterns.map((p) => p.key)).toEqual(['POST /api/workflows/:id/evaluate', 'POST /api/workflows/:id/explain']);
    expect(table.candidates('HEAD', '/api/workflows/wf_1/').patterns.map((p) => p.key)).toEqual(['GET /api/workflows/:id']);
    expect(table.candidates('DELETE', '/api/workflows/wf_1').patterns).toEqual([]);
  });
});
