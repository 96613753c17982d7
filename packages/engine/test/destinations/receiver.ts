import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver does with one request. */
export type ReceiverAction =
  | 'ok'
  /** Never answers (the sender must time out). */
  | 'hang'
  /** Resets the connection without applying the batch. */
  | 'reset'
  /** Applies the batch, then drops the connection before answering. */
  | 'apply-then-drop'
  | { status: number; headers?: Record<string, string>; body?: string };

export interface ReceivedRequest {
  key: string;
  batch: number;
  totalBatches: number;
  runId: string;
  segment: string;
  rows: Record<string, unknown>[];
  /** A change-only delivery's batch: rows that entered the segment, keys that left it. */
  entered?: Record<string, unknown>[];
  exited?: unknown[];
  headers: IncomingHttpHeaders;
  /** Which request this is, counting from 1. */
  n: number;
}

/**
 * A loopback webhook receiver (127.0.0.1, a free port) that de-duplicates by
 * Idempotency-Key like a well-behaved receiver, and records everything:
 * `requests` (every POST), `applied` (each key's rows, applied once; the
 * entered rows of a change-only batch), `changes` (change-only batches, applied once),
 * `duplicates` (POSTs of a key already applied).
 */
export async function startReceiver(script: (request: ReceivedRequest) => ReceiverAction = () => 'ok') {
  const requests: ReceivedRequest[] = [];
  const applied = new Map<string, Record<string, unknown>[]>();
  /** Change-only batches, applied once each by key. */
  const changes = new Map<string, { entered: Record<string, unknown>[]; exited: unknown[] }>();
  let duplicates = 0;
  let connections = 0;
  const apply = (r: ReceivedRequest) => {
    if (applied.has(r.key)) duplicates++;
    else {
      applied.set(r.key, r.rows ?? r.entered ?? []);
      if (r.entered || r.exited) changes.set(r.key, { entered: r.entered ?? [], exited: r.exited ?? [] });
    }
  };
  const answer = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const request: ReceivedRequest = { ...body, key: String(req.headers['idempotency-key']), headers: req.headers, n: requests.length + 1 };
      requests.push(request);
      const action = script(request);
      if (action === 'ok') {
        apply(request);
        answer(res, 200, '{"ok":true}');
      } else if (action === 'apply-then-drop') {
        apply(request);
        req.socket.destroy();
      } else if (action === 'reset') req.socket.resetAndDestroy();
      else if (action !== 'hang') answer(res, action.status, action.body ?? '', action.headers);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    applied,
    changes,
    get duplicates() {
      return duplicates;
    },
    get connections() {
      return connections;
    },
    /** POSTs per key. */
    sends(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const r of requests) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Customers 1..n with a few column types, ordered by key. */
export function customers(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: BigInt(i + 1),
    name: `customer "${i + 1}"`,
    score: (i % 7) / 2,
    vip: i % 3 === 0,
    since: new Date(Date.UTC(2020, 0, 1 + (i % 365))),
  }));
}

export const CUSTOMER_TYPES = { id: 'integer', name: 'string', score: 'number', vip: 'boolean', since: 'date' } as const;

/** Allow-lists the loopback receiver, as the tests' configuration does. */
export const ALLOW_LOOPBACK = { cidrs: ['127.0.0.1/32'] };
