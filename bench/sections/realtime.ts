import autocannon from 'autocannon';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeWorkflow, compileEvaluator, dayOf, parseDate, readCustomer, type SourceFacts } from '../../packages/engine/src/index.ts';
import { startBenchServer, type BenchServer } from '../bench-server.ts';
import type { Figures } from '../figures.ts';
import { percentile, progress } from '../measure.ts';
import { customerCsv, customerJson, fiftyRuleDocument, liveDocument, RT_AS_OF, RT_COLUMNS } from '../realtime-workflow.ts';

const GOAL_IN_PROCESS_P99_MS = 1;
const GOAL_SINGLE_PER_S = 2000;
const GOAL_BATCHED_PER_S = 20_000;
const GOAL_HTTP_P99_MS = 20;
const GOAL_DELIVERY_P99_MS = 1000;
const BATCH = 100;
const EVENTS_PER_SECOND = 1000;

export interface RealtimeOptions {
  /** Customers timed in process (each 200 events). */
  customers: number;
  /** How long each HTTP load and the ingest stream last. */
  durationSeconds: number;
  /** Extra flags for the server's node, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  serverNodeArgs?: string[];
  /** Only the HTTP evaluate loads (a profile of them alone). */
  httpOnly?: boolean;
}

/**
 * Issue #17's speeds: the one-customer evaluator in process (50 rules, 200
 * events per customer), `POST /api/workflows/:id/evaluate` on the real server
 * (one customer per call and 100), and ingest-to-delivery of a live audience
 * at 1,000 events/s to a loopback webhook.
 */
export async function realtimeSection(figures: Figures, o: RealtimeOptions): Promise<void> {
  if (!o.httpOnly) inProcess(figures, o.customers);
  const folder = await mkdtemp(join(tmpdir(), 'segflow-bench-rt-'));
  const receiver = await loopbackReceiver();
  let server: BenchServer | undefined;
  try {
    const customers = Array.from({ length: 2000 }, (_, i) => customerJson(i + 1, 20));
    const csv = customerCsv(customers);
    await writeFile(join(folder, 'c.csv'), csv.customers);
    await writeFile(join(folder, 'e.csv'), csv.events);
    progress('realtime: starting the real server');
    server = await startBenchServer({ datasets: { 'rt_customers.csv': join(folder, 'c.csv'), 'rt_events.csv': join(folder, 'e.csv') }, env: { SEGFLOW_DESTINATION_ALLOW: '127.0.0.1/32' }, nodeArgs: o.serverNodeArgs });
    await httpEvaluate(figures, server, customers, o.durationSeconds);
    if (!o.httpOnly) await ingestToDelivery(figures, server, receiver, o.durationSeconds);
  } finally {
    await server?.stop();
    await receiver.close();
    await rm(folder, { recursive: true, force: true });
  }
}

function inProcess(figures: Figures, count: number): void {
  progress(`realtime: 50 rules in process, ${count} customers × 200 events`);
  const facts = (columns: Record<string, string>): SourceFacts => ({ ok: true, columns: Object.entries(columns).map(([name, type]) => ({ name, type: type as never, duckType: '' })) });
  const analysis = analyzeWorkflow(fiftyRuleDocument(), { sources: { customers: facts(RT_COLUMNS.customers), events: facts(RT_COLUMNS.events) } });
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`realtime: the 50-rule workflow has problems: ${JSON.stringify(errors).slice(0, 600)}`);
  const evaluator = compileEvaluator(analysis);
  const day = dayOf(parseDate(RT_AS_OF)!);
  const data = Array.from({ length: count }, (_, i) => readCustomer(evaluator, analysis, customerJson(i + 1, 200)).data!);
  for (const d of data.slice(0, 100)) evaluator.evaluate(d, day);
  // Each customer's best of 5: the cost of their evaluation, without the pauses of a machine shared with other work.
  const samples = data.map(() => Infinity);
  let members = 0;
  for (let round = 0; round < 5; round++)
    data.forEach((d, i) => {
      const started = performance.now();
      const result = evaluator.evaluate(d, day);
      samples[i] = Math.min(samples[i], performance.now() - started);
      if (round === 0 && result.segments.fifty) members++;
    });
  if (members !== count) throw new Error(`realtime: ${members} of ${count} customers passed the 50 rules: some rules were cut short`);
  const p99 = percentile(samples, 99);
  figures.add('realtime: evaluate in process, 50 rules, 200 events, p99', p99, 'ms', {
    goal: { text: `< ${GOAL_IN_PROCESS_P99_MS} ms`, met: p99 < GOAL_IN_PROCESS_P99_MS },
    note: `median ${percentile(samples, 50).toFixed(3)} ms; ${count} customers, each the best of 5 rounds; 40 behaviour rules over each customer's 200 events and 10 profile rules, all evaluated`,
  });
}

async function httpEvaluate(figures: Figures, server: BenchServer, customers: ReturnType<typeof customerJson>[], seconds: number): Promise<void> {
  const workflow = await api<{ id: string }>(server, 'POST', '/api/workflows', { document: fiftyRuleDocument() });
  await api(server, 'POST', `/api/workflows/${workflow.id}/publish`, { note: 'bench' });
  const url = `${server.url}/api/workflows/${workflow.id}/evaluate`;
  const single = customers.slice(0, 500).map((c) => JSON.stringify(c));
  const batched = Array.from({ length: 20 }, (_, i) => JSON.stringify({ items: customers.slice(i * BATCH, (i + 1) * BATCH) }));
  const check = await api<{ segments: { fifty: boolean } }>(server, 'POST', `/api/workflows/${workflow.id}/evaluate`, customers[0]);
  if (check.segments.fifty !== true) throw new Error(`realtime: a customer who passes every rule was answered ${JSON.stringify(check)}`);
  for (let i = 0; i < 50; i++) await api(server, 'POST', `/api/workflows/${workflow.id}/evaluate`, JSON.parse(batched[i % 20]));

  progress(`realtime: POST evaluate, one customer per call, ${seconds} s`);
  const one = await load(server, url, single, 10, seconds);
  // The server's CPU per call is the steadiest figure on a shared machine; the load generator's own CPU says whether it, not the server, was the limit.
  const note = (r: Loaded, per: number) => `median ${r.latency.p50} ms; 50 rules, 20 events per customer, ${per} per call; ${r.requests.total} calls, every answer 200; server CPU ${r.serverCpuPerCallMs.toFixed(3)} ms per call, load generator CPU ${r.generatorCpuShare.toFixed(0)}% of one core`;
  figures.add('realtime: HTTP evaluate, one customer per call, throughput', one.requests.average, 'customers/s', { goal: { text: `≥ ${GOAL_SINGLE_PER_S}/s`, met: one.requests.average >= GOAL_SINGLE_PER_S }, note: `10 connections; ${note(one, 1)}` });
  figures.add('realtime: HTTP evaluate, one customer per call, p99', one.latency.p99, 'ms', { goal: { text: `< ${GOAL_HTTP_P99_MS} ms`, met: one.latency.p99 < GOAL_HTTP_P99_MS }, note: note(one, 1) });

  progress(`realtime: POST evaluate, ${BATCH} customers per call, ${seconds} s`);
  const many = await load(server, url, batched, 2, seconds);
  const perSecond = many.requests.average * BATCH;
  figures.add(`realtime: HTTP evaluate, ${BATCH} per call, throughput`, perSecond, 'customers/s', { goal: { text: `≥ ${GOAL_BATCHED_PER_S}/s`, met: perSecond >= GOAL_BATCHED_PER_S }, note: `2 connections; ${note(many, BATCH)}` });
  figures.add(`realtime: HTTP evaluate, ${BATCH} per call, p99`, many.latency.p99, 'ms', { goal: { text: `< ${GOAL_HTTP_P99_MS} ms`, met: many.latency.p99 < GOAL_HTTP_P99_MS }, note: note(many, BATCH) });
}

async function ingestToDelivery(figures: Figures, server: BenchServer, receiver: Receiver, seconds: number): Promise<void> {
  const workflow = await api<{ id: string }>(server, 'POST', '/api/workflows', { document: liveDocument(receiver.url) });
  await api(server, 'POST', `/api/workflows/${workflow.id}/publish`, { note: 'bench' });
  await api(server, 'PUT', `/api/workflows/${workflow.id}/live`, { enabled: true });
  // Live customers of their own (keys beyond the files'), gold: each enters at its 4th purchase of 30.
  // About five purchases each over the stream: most customers enter during it.
  const keys = Array.from({ length: Math.max(100, seconds * EVENTS_PER_SECOND / 5) }, (_, i) => 100_001 + i);
  for (let i = 0; i < keys.length; i += 1000) await api(server, 'POST', '/api/events', { profiles: keys.slice(i, i + 1000).map((id) => ({ id, tier: 'gold' })) });

  progress(`realtime: ingest at ${EVENTS_PER_SECOND} events/s for ${seconds} s, enters to a loopback webhook`);
  const sentAt = new Map<string, number>();
  const perCall = EVENTS_PER_SECOND / 10;
  let n = 0;
  const calls: Promise<unknown>[] = [];
  const start = performance.now();
  for (let tick = 0; tick < seconds * 10; tick++) {
    await new Promise((r) => setTimeout(r, Math.max(0, start + tick * 100 - performance.now())));
    const events = Array.from({ length: perCall }, () => {
      const id = `b${++n}`;
      return { id, values: { id: keys[(n * 7919) % keys.length], ts: `${RT_AS_OF}T12:00:00Z`, amount: 30 } };
    });
    const at = performance.now();
    for (const e of events) sentAt.set(e.id, at);
    calls.push(api(server, 'POST', '/api/events', { events }));
  }
  await Promise.all(calls);
  // Independently: how many purchases each customer got, so how many must have entered.
  const purchases = new Map<number, number>();
  for (let i = 1; i <= n; i++) purchases.set((i * 7919) % keys.length, (purchases.get((i * 7919) % keys.length) ?? 0) + 1);
  const expected = [...purchases.values()].filter((count) => count >= 4).length;
  const until = performance.now() + 30_000;
  while (receiver.changes.length < expected && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  const latencies = receiver.changes.map((c) => c.at - sentAt.get(c.cause.slice('event:'.length))!);
  if (receiver.changes.length !== expected || expected === 0) throw new Error(`realtime: ${receiver.changes.length} enters delivered, ${expected} expected`);
  const p99 = percentile(latencies, 99);
  figures.add(`realtime: ingest to webhook delivery at ${EVENTS_PER_SECOND} events/s, p99`, p99, 'ms', {
    goal: { text: `< ${GOAL_DELIVERY_P99_MS} ms`, met: p99 < GOAL_DELIVERY_P99_MS },
    note: `median ${percentile(latencies, 50).toFixed(1)} ms; ${n} events in calls of ${perCall} every 100 ms over ${keys.length} live customers, ${latencies.length} enters, each timed from the POST carrying its event to the webhook receiving it`,
  });
}

interface Receiver { url: string; changes: { at: number; cause: string }[]; close(): Promise<void> }

/** A webhook receiver on loopback: the time each change arrives, once per Idempotency-Key. */
async function loopbackReceiver(): Promise<Receiver> {
  const changes: { at: number; cause: string }[] = [];
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const key = String(req.headers['idempotency-key']);
      if (!seen.has(key)) {
        seen.add(key);
        for (const c of JSON.parse(Buffer.concat(chunks).toString()).changes ?? []) changes.push({ at, cause: c.cause });
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    changes,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

type Loaded = autocannon.Result & { serverCpuPerCallMs: number; generatorCpuShare: number };

async function load(server: BenchServer, url: string, bodies: string[], connections: number, duration: number): Promise<Loaded> {
  let sent = 0;
  const serverCpu = server.cpuMs();
  const ownCpu = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url, method: 'POST', connections, duration,
    headers: { ...server.authHeaders, 'content-type': 'application/json' },
    body: bodies[0],
    requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: bodies[sent++ % bodies.length] }) }],
  });
  const refused = result.non2xx + result.errors + result.timeouts;
  if (refused || result.requests.total === 0) throw new Error(`realtime: ${refused} of ${result.requests.total} answers from ${url} were not 2xx`);
  const own = process.cpuUsage(ownCpu);
  return Object.assign(result, {
    serverCpuPerCallMs: (server.cpuMs() - serverCpu) / result.requests.total,
    generatorCpuShare: ((own.user + own.system) / 1000 / (performance.now() - started)) * 100,
  });
}

async function api<T = unknown>(server: BenchServer, method: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { method, headers: { ...server.authHeaders, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`realtime: ${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 600)}`);
  return (await response.json()) as T;
}
