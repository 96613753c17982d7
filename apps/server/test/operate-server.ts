import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { httpServer } from '../src/http/http-server.ts';
import type { AppConfig } from '../src/config.ts';
import { ADMIN, client, DATASETS, example, type Client } from './helpers.ts';

/** A data directory with the shared datasets, kept across servers (a restart is a new server on it). */
export function dataDirWithDatasets(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'segflow-ops-'));
  mkdirSync(join(dataDir, 'datasets'), { recursive: true });
  for (const file of ['cdnow_customers.csv', 'cdnow_orders.csv']) cpSync(join(DATASETS, file), join(dataDir, 'datasets', file));
  return dataDir;
}

export interface RestartableServer extends Client {
  url: string;
  /** Stops the server (like a shutdown) and leaves the data directory as it is. */
  stop(): Promise<void>;
}

/** A real server on port 0 over `dataDir`, signed in as the admin; `stop` keeps the data for the next one. */
export async function serveOn(dataDir: string, config: Partial<AppConfig> = {}): Promise<RestartableServer> {
  const segflow = createApp({ dataDir, demo: false, webDir: null, logger: pino({ level: 'silent' }), admin: ADMIN, ...config });
  const server = httpServer(segflow.app).listen(0, '127.0.0.1');
  await new Promise<void>((ok) => server.once('listening', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = segflow.context.auth.users.byEmail(ADMIN.email)!;
  const signedIn = client(url, { cookie: `segflow_session=${segflow.context.auth.startSession(admin.id)}` });
  return {
    ...signedIn,
    url,
    async stop() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      await segflow.close();
    },
  };
}

/** Creates the winback example and publishes it as version 1. */
export async function publishedWinback(server: Client, change: (document: any) => void = () => undefined): Promise<string> {
  const document = example('winback.json');
  change(document);
  const created = await server.request('POST', '/api/workflows', { document });
  if (created.status !== 201) throw new Error(`creating: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await server.request('POST', `/api/workflows/${created.body.id}/publish`, { note: 'v1' });
  if (published.status !== 201) throw new Error(`publishing: ${published.status} ${JSON.stringify(published.body)}`);
  return created.body.id;
}

/** Polls until `probe` returns something truthy. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Receiver {
  url: string;
  /** Every POST, with the status it was answered with. */
  received: { headers: IncomingMessage['headers']; body: any; status: number }[];
  /** Answers with this status from now on (default 200). */
  answer(status: number): void;
  close(): Promise<void>;
}

/** A webhook receiver on the loopback interface that records every POST. */
export async function loopbackReceiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text), status });
      res.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((ok) => server.once('listening', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    received,
    answer: (s) => void (status = s),
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
