import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startServer, type TestServer } from './helpers.ts';

describe('browser defences', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ allowedOrigins: ['http://localhost:5173'] });
  });
  afterAll(() => server.close());

  it('refuses state-changing requests from another origin, sign-in included', async () => {
    for (const [method, path, body] of [['POST', '/api/workflows', {}], ['DELETE', '/api/workflows/wf_x', undefined], ['POST', '/api/auth/login', ADMIN]] as const) {
      const res = await server.request(method, path, body, { origin: 'https://evil.example' });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('cross_origin');
      expect(res.body.error.message).toContain('came from https://evil.example');
    }
    expect((await server.request('POST', '/api/workflows', {}, { origin: 'null' })).status).toBe(403);
    expect((await server.request('POST', '/api/workflows', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await server.request('POST', '/api/workflows', {}, { origin: server.url })).status).toBe(201);
    expect((await server.request('POST', '/api/workflows', {}, { origin: 'http://localhost:5173' })).status).toBe(201);
    expect((await server.request('POST', '/api/workflows', {}, { 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    // Reading is not refused: the browser keeps another site from seeing the answer.
    expect((await server.request('GET', '/api/workflows', undefined, { origin: 'https://evil.example' })).status).toBe(200);
  });

  it('sends a strict Content-Security-Policy and the other security headers, on the API and the web app', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'segflow-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Segflow</title>');
    const web = await startServer({ webDir });
    try {
      for (const res of [await server.anonymous.request('GET', '/api/health'), await web.anonymous.request('GET', '/')]) {
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self';");
        expect(csp).toContain("script-src-attr 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('unsafe-eval');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
    } finally {
      await web.close();
      rmSync(webDir, { recursive: true, force: true });
    }
  });
});
