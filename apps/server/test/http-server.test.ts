import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { httpServer, listen } from '../src/http/http-server.ts';

describe('the HTTP server', () => {
  const servers: { close(): unknown }[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  it("makes requests and responses with express's prototypes, so express has none to swap", async () => {
    const app = express();
    app.post('/echo', express.json(), (req, res) => void res.status(201).json({ got: req.body, path: req.path }));
    const server = httpServer(app);
    servers.push(server);
    const made: boolean[] = [];
    // Before express sees them: what Node made.
    server.prependListener('request', (req, res) => made.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ got: { a: 1 }, path: '/echo' });
    expect(made).toEqual([true, true]);
  });

  it('tells the listener once that it listens, or why it cannot', async () => {
    const app = express();
    const told: (Error | undefined)[] = [];
    const first = await new Promise<ReturnType<typeof listen>>((ok) => {
      const server = listen(app, 0, (err) => (told.push(err), ok(server)));
    });
    servers.push(first);
    const taken = (first.address() as AddressInfo).port;
    const error = await new Promise<Error | undefined>((ok) => listen(app, taken, ok));
    expect(told).toEqual([undefined]);
    expect((error as NodeJS.ErrnoException | undefined)?.code).toBe('EADDRINUSE');
  });
});
