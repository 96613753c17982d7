/**
 * Child-process side of the naive evaluator: its row objects get a heap of
 * their own (sized by the parent), and its memory and CPU time are its own.
 * It loads the rows once, then evaluates the reference workflow whenever the
 * parent asks, so those runs can sit between the parent's timed runs.
 */
import { openDatabase } from '../packages/engine/src/node.ts';
import { loadNaiveRows, type NaiveRows } from './naive-load.ts';
import { evaluateNaive } from './naive.ts';
import { AS_OF, referenceWorkflow } from './reference-workflow.ts';
import { assertSameSegments, type Segments } from './segments.ts';

export type NaiveRequest = { type: 'load'; customers: string; events: string } | { type: 'run' } | { type: 'stop' };

export type NaiveResponse =
  | { type: 'loaded'; ms: number }
  /** One evaluation of the whole workflow; `segments` only on the first. */
  | { type: 'ran'; ms: number; cpuMs: number; segments?: Segments }
  | { type: 'stopped'; maxRssMb: number }
  | { type: 'failed'; error: string };

let rows: NaiveRows | undefined;
let document: ReturnType<typeof referenceWorkflow> | undefined;
let first: Segments | undefined;
const reply = (response: NaiveResponse, then: () => void = () => undefined) => process.send!(response, then);

async function handle(request: NaiveRequest): Promise<void> {
  if (request.type === 'load') {
    const database = await openDatabase();
    const connection = await database.connect();
    const started = performance.now();
    rows = await loadNaiveRows(connection, request);
    const ms = performance.now() - started;
    connection.closeSync();
    database.close();
    document = referenceWorkflow({ customers: request.customers, events: request.events, outputs: '' });
    reply({ type: 'loaded', ms });
  } else if (request.type === 'run') {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const segments = evaluateNaive(document!, rows!, AS_OF);
    const ms = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    if (first) assertSameSegments(first, segments, 'naive JS, a later run against its first');
    reply({ type: 'ran', ms, cpuMs: (user + system) / 1000, ...(first ? {} : { segments }) });
    first ??= segments;
  } else {
    reply({ type: 'stopped', maxRssMb: process.resourceUsage().maxRSS / 1024 }, () => process.exit(0));
  }
}

process.on('message', (request: NaiveRequest) => {
  handle(request).catch((e: Error) => reply({ type: 'failed', error: e.stack ?? String(e) }, () => process.exit(1)));
});
