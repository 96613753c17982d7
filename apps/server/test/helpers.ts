import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { RunEvent } from '@segflow/engine';
import { createApp, type SegflowApp } from '../src/app.ts';
import type { AppConfig } from '../src/config.ts';

/** The shared folder stands beside the repository (in CI too): datasets and the spec's examples. */
export const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared');
export const DATASETS = join(SHARED, 'datasets');
export const EXAMPLES = join(SHARED, 'spec/examples');
export const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8'));
export const WINBACK_AS_OF = '2022-06-30';

export interface TestServer {
  url: string;
  dataDir: string;
  segflow: SegflowApp;
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/** A real server on port 0 over a temp data directory holding copies of the shared datasets. */
export async function startServer(config: Partial<AppConfig> = {}, dataDir = mkdtempSync(join(tmpdir(), 'segflow-test-'))): Promise<TestServer> {
  mkdirSync(join(dataDir, 'datasets'), { recursive: true });
  for (const file of ['cdnow_customers.csv', 'cdnow_orders.csv', 'marketing_campaign.csv']) cpSync(join(DATASETS, file), join(dataDir, 'datasets', file));
  const segflow = createApp({ dataDir, demo: false, webDir: null, logger: pino({ level: 'silent' }), ...config });
  const server = segflow.app.listen(0, '127.0.0.1');
  await new Promise<void>((ok) => server.once('listening', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, dataDir, segflow,
    async request(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
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
    async close() {
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
export async function readRunEvents(url: string, options: { lastEventId?: number; after?: number; stopAfter?: number } = {}): Promise<SseRead> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
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
export async function upload(server: TestServer, method: 'POST' | 'PUT', path: string, filename: string, content: string | Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([content]), filename);
  const res = await fetch(server.url + path, { method, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
