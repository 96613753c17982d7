import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { RunEvent } from '@segflow/engine';
import { createApp, type SegflowApp } from '../src/app.ts';
import { httpServer } from '../src/http/http-server.ts';
import type { Role } from '../src/auth/roles.ts';
import type { AppConfig } from '../src/config.ts';

/** The shared folder stands beside the repository (in CI too): datasets and the spec's examples. */
export const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared');
export const DATASETS = join(SHARED, 'datasets');
export const EXAMPLES = join(SHARED, 'spec/examples');
export const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8'));
export const WINBACK_AS_OF = '2022-06-30';

export type Reply<T = any> = { status: number; body: T; headers: Headers };

/** Requests as one caller: `headers` carry its session cookie or API token (none for `anonymous`). */
export interface Client {
  headers: Record<string, string>;
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
}

export interface SignedIn extends Client {
  user: { id: string; email: string; role: Role };
}

/** The server's own requests (`request`) are the admin's, signed in with a session cookie. */
export interface TestServer extends Client {
  url: string;
  dataDir: string;
  segflow: SegflowApp;
  anonymous: Client;
  /** Signs in through POST /api/auth/login and keeps the session cookie. */
  signIn(email: string, password: string): Promise<SignedIn>;
  /** A new account of this role (made by the admin), signed in. */
  withRole(role: Role): Promise<SignedIn>;
  close(): Promise<void>;
}

/** The admin every test server starts with (pass `admin: undefined` for a server without accounts). */
export const ADMIN = { email: 'admin@segflow.test', password: 'admin-password-1' };

/** Credentials by server origin, so helpers given only a URL (readRunEvents) call as the admin. */
const credentials = new Map<string, Record<string, string>>();

export function client(url: string, headers: Record<string, string>): Client {
  return {
    headers,
    async request(method, path, body, extra = {}) {
      const init: RequestInit = { method, headers: { ...headers, ...extra } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const res = await fetch(url + path, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: CSV, HTML */
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
  };
}

/** The session cookie a sign-in answer sets, as a Cookie header. */
export const sessionCookie = (headers: Headers) => {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('segflow_session='));
  if (!cookie) throw new Error('no session cookie was set');
  return cookie.split(';')[0];
};

let accounts = 0;

/** A real server on port 0 over a temp data directory holding copies of the shared datasets, signed in as ADMIN. */
export async function startServer(config: Partial<AppConfig> = {}, dataDir = mkdtempSync(join(tmpdir(), 'segflow-test-'))): Promise<TestServer> {
  mkdirSync(join(dataDir, 'datasets'), { recursive: true });
  for (const file of ['cdnow_customers.csv', 'cdnow_orders.csv', 'marketing_campaign.csv']) cpSync(join(DATASETS, file), join(dataDir, 'datasets', file));
  const segflow = createApp({ dataDir, demo: false, webDir: null, logger: pino({ level: 'silent' }), admin: ADMIN, checkThreads: 0, ...config });
  const server = httpServer(segflow.app).listen(0, '127.0.0.1');
  await new Promise<void>((ok) => server.once('listening', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const anonymous = client(url, {});
  async function signIn(email: string, password: string): Promise<SignedIn> {
    const res = await anonymous.request('POST', '/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...client(url, { cookie: sessionCookie(res.headers) }), user: res.body.user };
  }
  // The admin's session is made directly, not through a sign-in: no half-second password check before every test's first request.
  const adminUser = segflow.context.auth.users.byEmail(ADMIN.email);
  const admin = adminUser ? client(url, { cookie: `segflow_session=${segflow.context.auth.startSession(adminUser.id)}` }) : anonymous;
  credentials.set(url, admin.headers);
  return {
    url, dataDir, segflow, anonymous, signIn,
    headers: admin.headers,
    request: admin.request,
    async withRole(role) {
      const email = `${role}-${++accounts}@segflow.test`;
      const created = await admin.request('POST', '/api/users', { email, password: 'password-of-' + role, role });
      if (created.status !== 201) throw new Error(`creating a ${role}: ${created.status} ${JSON.stringify(created.body)}`);
      return signIn(email, 'password-of-' + role);
    },
    async close() {
      credentials.delete(url);
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      await segflow.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SseRead {
  status: number;
  events: RunEvent[];
  ids: number[];
}

/**
 * Reads a run's SSE stream until it ends or `stopAfter` events arrived (then hangs
 * up, as a dropped connection would).
 */
export async function readRunEvents(url: string, options: { lastEventId?: number; after?: number; stopAfter?: number; headers?: Record<string, string> } = {}): Promise<SseRead> {
  const controller = new AbortController();
  const headers: Record<string, string> = { ...(options.headers ?? credentials.get(new URL(url).origin)), accept: 'text/event-stream' };
  if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId);
  const res = await fetch(options.after === undefined ? url : `${url}?after=${options.after}`, { headers, signal: controller.signal });
  const read: SseRead = { status: res.status, events: [], ids: [] };
  if (res.status !== 200 || !res.body) return read;
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (\d+)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!data) continue;
        read.ids.push(Number(id));
        read.events.push(JSON.parse(data));
        if (options.stopAfter && read.events.length >= options.stopAfter) {
          controller.abort();
          return read;
        }
      }
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  }
  return read;
}

/** Polls a run until it has finished. */
export async function waitForRun(server: TestServer, runId: string, timeoutMs = 20_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await server.request('GET', `/api/runs/${runId}`);
    if (['succeeded', 'partial', 'failed', 'cancelled'].includes(body.status)) return body;
    if (Date.now() > until) throw new Error(`run ${runId} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends a file as multipart/form-data, as a browser form would. */
export async function upload(server: Client & { url: string }, method: 'POST' | 'PUT', path: string, filename: string, content: string | Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([content]), filename);
  const res = await fetch(server.url + path, { method, body: form, headers: server.headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
