import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunEvent } from '@segflow/engine';

const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Servers this suite started die with it, whatever ends it.
const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});
export const ADMIN = { email: 'faults@segflow.test', password: 'fault-suite-password' };

export interface ServerProcess {
  pid: number;
  /** http://127.0.0.1:PORT */
  url: string;
  api: Api;
  /** SIGKILL: no cleanup, no goodbye (what a crash, an OOM kill or a power cut does to the process). */
  kill(): void;
  /** SIGTERM and wait, as a deploy would. */
  stop(): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed, for failure messages. */
  output(): string;
}

/**
 * Starts the real server, `node --import tsx src/main.ts` (tsx's loader in the
 * node process itself: the tsx CLI would run the server in a grandchild that a
 * SIGKILL misses), on a free port over `dataDir`, and signs in.
 */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env, PORT: '0', SEGFLOW_DATA_DIR: dataDir, SEGFLOW_DEMO: 'off', LOG_LEVEL: 'warn',
      SEGFLOW_ADMIN_EMAIL: ADMIN.email, SEGFLOW_ADMIN_PASSWORD: ADMIN.password, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.on('exit', () => started.delete(child));
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start in 60 s:\n${output.slice(-2000)}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running at http:\/\/localhost:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${signal ?? code}) before listening:\n${output.slice(-2000)}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const api = await signIn(url);
  return {
    pid: child.pid!,
    url,
    api,
    kill: () => void child.kill('SIGKILL'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    exited,
    output: () => output,
  };
}

export interface Api {
  request<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The session cookie (empty when the server has no accounts). */
  headers: Record<string, string>;
}

async function signIn(url: string): Promise<Api> {
  const headers: Record<string, string> = {};
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  // A server without accounts answers 404 here; one with them sets a session cookie.
  if (login.ok) headers.cookie = (login.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  else await login.body?.cancel();
  return {
    headers,
    async request(method, path, body) {
      const res = await fetch(url + path, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* CSV */
      }
      return { status: res.status, body: parsed as any };
    },
  };
}

/**
 * Follows a run's SSE stream from `after`, calling `onEvent` for each event,
 * until the stream ends or the connection drops (the server was killed).
 */
export async function followEvents(server: { url: string; api: Api }, runId: string, after: number, onEvent: (event: RunEvent) => void = () => undefined): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  try {
    const res = await fetch(`${server.url}/api/runs/${runId}/events`, { headers: { ...server.api.headers, 'last-event-id': String(after) } });
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      return events;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        const event = JSON.parse(data) as RunEvent;
        events.push(event);
        onEvent(event);
      }
    }
  } catch {
    // The server went away mid-stream.
  }
  return events;
}

const FINAL = ['succeeded', 'partial', 'failed', 'cancelled'];

/** Polls a run until it has finished. */
export async function waitForRun(api: Api, runId: string, timeoutMs = 180_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api.request('GET', `/api/runs/${runId}`);
    if (FINAL.includes(body?.status)) return body;
    if (Date.now() > until) throw new Error(`run ${runId} still ${body?.status} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
