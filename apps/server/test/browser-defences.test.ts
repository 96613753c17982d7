import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { resolveConfig } from '../src/config.ts';
import { ADMIN, startServer, type TestServer } from './helpers.ts';

/** A POST as a page would send it, with a Host header of our choosing (fetch keeps its own). */
function postFromPage(server: TestServer, headers: { host: string; origin: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}/api/workflows`, { method: 'POST', headers: { ...server.headers, ...headers, 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

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

  it('judges Origin by the server\'s own origin, never by the Host header a request names', async () => {
    const port = new URL(server.url).port;
    // A DNS-rebinding page: its own name resolves to this server, so Host and Origin agree with each other.
    const rebound = await postFromPage(server, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('cross_origin');
    expect((await postFromPage(server, { host: `evil.example:${port}`, origin: `http://localhost:${port}` })).status).toBe(201);
    expect((await postFromPage(server, { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` })).status).toBe(201);
    expect((await postFromPage(server, { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${Number(port) + 1}` })).status).toBe(403);
  });

  it('accepts the configured public origin, and refuses a setting that is not an origin', async () => {
    const proxied = await startServer({ publicOrigin: 'https://Segflow.example.com/' });
    try {
      expect((await proxied.request('POST', '/api/workflows', {}, { origin: 'https://segflow.example.com' })).status).toBe(201);
      expect((await proxied.request('POST', '/api/workflows', {}, { origin: proxied.url })).status).toBe(201);
      const other = await proxied.request('POST', '/api/workflows', {}, { origin: 'http://segflow.example.com' });
      expect(other.status).toBe(403);
      expect(other.body.error.message).toContain('accepted from https://segflow.example.com only');
    } finally {
      await proxied.close();
    }
    for (const wrong of ['segflow.example.com', 'https://segflow.example.com/app', 'ftp://segflow.example.com'])
      expect(() => resolveConfig({ dataDir: server.dataDir, publicOrigin: wrong }), wrong).toThrow(/not an origin such as https:\/\/segflow.example.com/);
  });

  it('sends a strict Content-Security-Policy and the other security headers, on the API and the web app', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'segflow-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Segflow</title>');
    const web = await startServer({ webDir });
    try {
      // An API answer, an API refusal and the web app's page.
      for (const res of [await server.anonymous.request('GET', '/api/health'), await server.request('GET', '/api/no-such-endpoint'), await web.anonymous.request('GET', '/')]) {
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
        // The rest of helmet's defaults, worked out once at start and set on every answer.
        expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(res.headers.get('origin-agent-cluster')).toBe('?1');
        expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
        expect(res.headers.get('x-dns-prefetch-control')).toBe('off');
        expect(res.headers.get('x-download-options')).toBe('noopen');
        expect(res.headers.get('x-permitted-cross-domain-policies')).toBe('none');
        expect(res.headers.get('x-xss-protection')).toBe('0');
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
    } finally {
      await web.close();
      rmSync(webDir, { recursive: true, force: true });
    }
  });
});
