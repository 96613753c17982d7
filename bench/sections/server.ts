import autocannon from 'autocannon';
import { startBenchServer, type BenchServer } from '../bench-server.ts';
import type { BenchDataset } from '../data.ts';
import type { Figures } from '../figures.ts';
import { generatedDocument, withOneEdit } from '../generated-documents.ts';
import { progress, summarize } from '../measure.ts';
import { AS_OF, referenceWorkflow } from '../reference-workflow.ts';
import { variedDocument } from '../varied-documents.ts';

const GOAL_RPS = 1000;
const GOAL_P99_MS = 50;
/** autocannon's default: ten clients, each sending its next request when the last is answered. */
const VALIDATE_CONNECTIONS = 10;
/**
 * One connection per workflow: the server cancels a workflow's preview when a
 * newer one for it arrives (409 superseded), as an editor sends one at a time.
 */
const PREVIEW_WORKFLOWS = 4;
/** Distinct documents for the validate load without repeats: more than the server keeps answers for (200). */
const DISTINCT_DOCUMENTS = 1000;
/**
 * Seconds of checking documents of other seeds (never one of the measured)
 * before the first load of distinct documents: until then the server answered
 * the same document from memory and its check threads checked one document,
 * where a server that has been running compiled its check code and sized its
 * heaps long ago (its first seconds gave about 15% fewer answers a second).
 * The second load follows the first and gets none.
 */
const WARM_UP_SECONDS = 3;

export interface ServerSectionOptions {
  /** How long each endpoint is loaded. */
  durationSeconds: number;
}

/**
 * `/api/validate` and `/api/workflows/:id/preview` under load from autocannon,
 * against the real server in its own process, signed in with a session cookie.
 * Every answer must be a 2xx: a load test that measures refusals measures nothing.
 */
export async function serverSection(figures: Figures, dataset: BenchDataset, o: ServerSectionOptions): Promise<void> {
  progress('server: starting the real server');
  const server = await startBenchServer({ datasets: { 'customers.parquet': dataset.customersPath, 'events.parquet': dataset.eventsPath } });
  try {
    await validateLoad(figures, server, o.durationSeconds);
    await previewLoad(figures, server, dataset, o.durationSeconds);
    figures.add('peak RSS: server', server.peakRssMb(), 'MB', {
      note: `the server process (VmHWM), with ${PREVIEW_WORKFLOWS} previewers open, each a DuckDB holding its workflow's node tables`,
    });
  } finally {
    await server.stop();
  }
}

export async function validateLoad(figures: Figures, server: BenchServer, seconds: number): Promise<void> {
  const document = generatedDocument(200);
  const body = JSON.stringify(document);
  const answer = await api<{ ok: boolean; problems: unknown[]; sources: Record<string, { ok: boolean }> }>(server, '/api/validate', body);
  if (!answer.ok || Object.values(answer.sources).some((s) => !s.ok))
    throw new Error(`server: the 200-node document does not validate on the server: ${JSON.stringify(answer).slice(0, 600)}`);
  // Warm-up: JIT, zod schemas, the DuckDB connection.
  for (let i = 0; i < 20; i++) await api(server, '/api/validate', body);

  progress(`server: POST /api/validate, 200 nodes, ${VALIDATE_CONNECTIONS} connections, ${seconds} s`);
  const result = await load(server, { url: `${server.url}/api/validate`, body, connections: VALIDATE_CONNECTIONS, duration: seconds });
  const note = `${document.nodes.length} nodes, ${document.edges?.length ?? 0} edges (generated), sources in the data folder; the same document every time (autocannon's way: the server answers it from its seconds-long memory of answers, so no goal here); ${VALIDATE_CONNECTIONS} connections for ${seconds} s, ${result.requests.total} requests, every answer 200`;
  figures.add('server: /api/validate 200 nodes, the same document, throughput', result.requests.average, 'req/s', { note });
  figures.add('server: /api/validate 200 nodes, the same document, p99 latency', result.latency.p99, 'ms', { note: `median ${result.latency.p50} ms; ${note}` });

  // Real traffic: a different one-node edit in every request, each document checked in full. The goals are about this.
  const edits = Array.from({ length: DISTINCT_DOCUMENTS }, (_, i) => JSON.stringify(withOneEdit(document, i)));
  const warmUp = Array.from({ length: DISTINCT_DOCUMENTS }, (_, i) => JSON.stringify(variedDocument(200, 50_000 + i)));
  progress(`server: warming up with ${WARM_UP_SECONDS} s of other documents`);
  await load(server, { url: `${server.url}/api/validate`, body, bodies: warmUp, connections: VALIDATE_CONNECTIONS, duration: WARM_UP_SECONDS });
  progress(`server: POST /api/validate, 200 nodes, a different document each time, ${seconds} s`);
  const cpuBefore = server.cpuMs();
  const distinct = await load(server, { url: `${server.url}/api/validate`, body, bodies: edits, connections: VALIDATE_CONNECTIONS, duration: seconds });
  const cpuPerRequest = (server.cpuMs() - cpuBefore) / distinct.requests.total;
  const distinctNote = `as above, but each request a different one-node edit of the document (${DISTINCT_DOCUMENTS} in turn, more than the server remembers), so every one is parsed and checked, after ${WARM_UP_SECONDS} s of checking other documents; ${distinct.requests.total} requests`;
  figures.add('server: /api/validate 200 nodes, a different document each time, throughput', distinct.requests.average, 'req/s', {
    goal: { text: `≥ ${GOAL_RPS} req/s`, met: distinct.requests.average >= GOAL_RPS }, note: distinctNote,
  });
  figures.add('server: /api/validate 200 nodes, a different document each time, p99 latency', distinct.latency.p99, 'ms', {
    goal: { text: `< ${GOAL_P99_MS} ms`, met: distinct.latency.p99 < GOAL_P99_MS }, note: `median ${distinct.latency.p50} ms; ${distinctNote}`,
  });
  figures.add('server: /api/validate 200 nodes, a different document each time, server CPU per request', cpuPerRequest, 'ms', {
    note: `the server process's CPU time (user + system) over the load above, divided by its requests: what one answer costs whatever else the machine is doing (one core answers at most 1000 / this many per second)`,
  });

  // Held-out traffic: documents that share nothing (other seeds, shapes, ids), so nothing about one request helps the next.
  const varied = Array.from({ length: DISTINCT_DOCUMENTS }, (_, i) => JSON.stringify(variedDocument(200, 10_000 + i)));
  for (const sample of varied.slice(0, 5)) {
    const checked = await api<{ ok: boolean; problems: unknown[] }>(server, '/api/validate', sample);
    if (!checked.ok) throw new Error(`server: a varied 200-node document does not validate: ${JSON.stringify(checked.problems).slice(0, 600)}`);
  }
  progress(`server: POST /api/validate, 200 nodes, an entirely different document each time, ${seconds} s`);
  const variedCpuBefore = server.cpuMs();
  const unseen = await load(server, { url: `${server.url}/api/validate`, body, bodies: varied, connections: VALIDATE_CONNECTIONS, duration: seconds });
  const variedCpu = (server.cpuMs() - variedCpuBefore) / unseen.requests.total;
  const variedNote = `as above, but each request an entirely different 200-node document (${DISTINCT_DOCUMENTS} seeds of bench/varied-documents.ts: other ids, shapes, functions, settings, labels, positions, ~70 kB each), so no node of one was seen in another, right after the load above; ${unseen.requests.total} requests`;
  figures.add('server: /api/validate 200 nodes, an entirely different document each time, throughput', unseen.requests.average, 'req/s', {
    goal: { text: `≥ ${GOAL_RPS} req/s`, met: unseen.requests.average >= GOAL_RPS }, note: variedNote,
  });
  figures.add('server: /api/validate 200 nodes, an entirely different document each time, p99 latency', unseen.latency.p99, 'ms', {
    goal: { text: `< ${GOAL_P99_MS} ms`, met: unseen.latency.p99 < GOAL_P99_MS }, note: `median ${unseen.latency.p50} ms; ${variedNote}`,
  });
  figures.add('server: /api/validate 200 nodes, an entirely different document each time, server CPU per request', variedCpu, 'ms', {
    note: 'as the CPU figure above, for these requests',
  });
}

async function previewLoad(figures: Figures, server: BenchServer, dataset: BenchDataset, seconds: number): Promise<void> {
  const document = referenceWorkflow({ customers: 'customers.parquet', events: 'events.parquet', outputs: 'segments' });
  const previewBody = JSON.stringify({ document, asOf: AS_OF });
  const label = `${Math.round(dataset.customers / 1000)}k`;
  const paths: string[] = [];
  const coldMs: number[] = [];
  for (let i = 0; i < PREVIEW_WORKFLOWS; i++) {
    const workflow = await api<{ id: string }>(server, '/api/workflows', JSON.stringify({ name: `Bench preview ${i + 1}`, document }));
    const path = `/api/workflows/${workflow.id}/preview`;
    // The warm-up: the cold preview computes every node, the ones after it are answered from the workflow's cache.
    const started = performance.now();
    const cold = await api<{ counts: Record<string, { rows: number }> }>(server, path, previewBody);
    coldMs.push(performance.now() - started);
    if (!(cold.counts.out_vip?.rows > 0)) throw new Error(`server: the warm-up preview counted nothing: ${JSON.stringify(cold).slice(0, 600)}`);
    paths.push(path);
  }
  figures.time(`server: preview ${label} cold (every node)`, summarize(coldMs), {
    note: `the reference workflow's first preview in each of ${PREVIEW_WORKFLOWS} new workflows, one after the other`,
  });

  progress(`server: POST /api/workflows/:id/preview, ${label}, ${PREVIEW_WORKFLOWS} workflows, ${seconds} s`);
  // autocannon gives connection i the i-th URL: one workflow per connection.
  const result = await load(server, { url: paths.map((p) => `${server.url}${p}`), body: previewBody, connections: PREVIEW_WORKFLOWS, duration: seconds });
  const note = `reference workflow (23 nodes) over ${label} customers, the same document after one warm-up preview: the cached path an editor sees between edits; ${PREVIEW_WORKFLOWS} workflows, one connection each, ${seconds} s, ${result.requests.total} requests, every answer 200`;
  figures.add(`server: /api/workflows/:id/preview ${label}, throughput`, result.requests.average, 'req/s', { note });
  figures.add(`server: /api/workflows/:id/preview ${label}, p99 latency`, result.latency.p99, 'ms', { note: `median ${result.latency.p50} ms; ${note}` });
}

/** autocannon POSTing JSON with the session cookie (`bodies`: one after the other); throws unless every answer was a 2xx. */
async function load(server: BenchServer, o: { url: string | string[]; body: string; bodies?: string[]; connections: number; duration: number }): Promise<autocannon.Result> {
  let sent = 0;
  // Encoded once, as bytes: the load generator shares the server's two cores, and encoding
  // a 70 kB body again for every request was a quarter of its CPU, taken from the server.
  const bodies = o.bodies?.map((body) => Buffer.from(body));
  const result = await autocannon({
    url: o.url as string, // autocannon takes a list too, one URL per connection in turn
    method: 'POST',
    headers: { ...server.authHeaders, 'content-type': 'application/json' },
    body: Buffer.from(o.body),
    ...(bodies ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: bodies[sent++ % bodies.length] }) }] } : {}),
    connections: o.connections,
    duration: o.duration,
  });
  const refused = result.non2xx + result.errors + result.timeouts;
  if (refused || result.requests.total === 0)
    throw new Error(`server: ${refused} of ${result.requests.total} answers to ${[o.url].flat()[0]} were not 2xx (status counts ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts): the figures would measure refusals`);
  return result;
}

async function api<T = unknown>(server: BenchServer, path: string, body: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...server.authHeaders, 'content-type': 'application/json' }, body });
  if (!response.ok) throw new Error(`server: POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 600)}`);
  return (await response.json()) as T;
}
