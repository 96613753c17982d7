import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

describe('the built web app', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'segflow-web-'));
  let server: TestServer;
  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Segflow</title>');
    writeFileSync(join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
    server = await startServer({ webDir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves index.html for the root and for client-side routes', async () => {
    for (const path of ['/', '/workflows/wf_1/runs/run_2']) {
      const res = await server.request('GET', path);
      expect(res.status).toBe(200);
      expect(res.body).toContain('<title>Segflow</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets for long, and a missing asset as 404', async () => {
    const res = await server.request('GET', '/assets/app-1234.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect((await server.request('GET', '/assets/gone.js')).status).toBe(404);
  });

  it('keeps unknown API paths as JSON 404s', async () => {
    const res = await server.request('GET', '/api/not-a-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
