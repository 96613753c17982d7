import { describe, expect, it } from 'vitest';
import { compileRoute, matchRoute } from './route-match.ts';
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
