import { performance } from 'node:perf_hooks';
import { fileReads, resolveRunSettings, RUN_MODES, runWorkflow, todayUtc, type Database, type RunEvent, type RunMode, type Workflow } from '@segflow/engine/node';
import { documentRefused } from '../http/errors.ts';
import { pathResolver } from './resolve-path.ts';

export interface ModeTiming {
  ms: number;
  /** Of `ms`, the time until every source was read: the part a sample does not shrink. */
  readMs: number;
  stages: { id: string; nodes: string[]; ms: number }[];
  /** Segment sizes on the sample: every mode must agree. */
  segments: Record<string, number>;
  status: string;
}

export interface Comparison {
  sample: number;
  partitions: number | null;
  asOf: string;
  modes: Record<RunMode, ModeTiming>;
  /** Per mode: reading the files (same at any sample) plus the rest scaled by 1 / sample. A linear estimate. */
  projection: Record<RunMode, number>;
  note: string;
}

/**
 * Stage time from the first start to the last finish of its nodes, clocked as
 * the events arrive (the events' own `at` is only millisecond-precise).
 */
function stageTimings(events: { event: RunEvent; t: number }[]): ModeTiming['stages'] {
  const started = events.find((e) => e.event.type === 'run-started')?.event;
  if (started?.type !== 'run-started') return [];
  return started.stages.map((stage) => {
    const mine = events.filter((e) => 'nodeId' in e.event && stage.nodes.includes(e.event.nodeId));
    const ms = mine.length ? mine[mine.length - 1].t - mine[0].t : 0;
    return { id: stage.id, nodes: stage.nodes, ms: Math.round(ms) };
  });
}

/**
 * Runs a document on a hash sample of customers in each mode, one mode after
 * another so they do not compete for cores, delivering nothing.
 */
export async function compareModes(
  document: Workflow,
  options: { sample: number; partitions?: number; asOf?: string; datasets: string; signal?: AbortSignal; open?: () => Promise<Database> },
): Promise<Comparison> {
  // As for runs: the request's date, else the document's, else today.
  const { asOf } = resolveRunSettings({ asOf: options.asOf }, document.run, { cores: 1, asOf: todayUtc });
  const modes = {} as Record<RunMode, ModeTiming>;
  const ingestion = new Set(fileReads(document).map(({ node }) => node.id));
  for (const mode of RUN_MODES) {
    const events: { event: RunEvent; t: number }[] = [];
    const t0 = performance.now();
    // A fresh database per mode, so no mode reuses another's tables; the server's is within its memory budget.
    const database = await options.open?.();
    const result = await runWorkflow(document, {
      database,
      resolvePath: pathResolver(options.datasets), mode, partitions: options.partitions, asOf, sample: options.sample, deliver: false,
      signal: options.signal, onEvent: (event) => events.push({ event, t: performance.now() }),
    }).finally(() => database?.close());
    if (!result.state) throw documentRefused(result.problems);
    const read = events.filter(({ event }) => 'nodeId' in event && ingestion.has(event.nodeId));
    modes[mode] = {
      ms: Math.round(performance.now() - t0),
      readMs: Math.round((read.at(-1)?.t ?? t0) - t0),
      stages: stageTimings(events),
      segments: Object.fromEntries(Object.entries(result.state.segments).map(([name, s]) => [name, s.count])),
      status: result.state.status,
    };
  }
  const projection = Object.fromEntries(
    RUN_MODES.map((m) => [m, Math.round(modes[m].readMs + (modes[m].ms - modes[m].readMs) / options.sample)]),
  ) as Record<RunMode, number>;
  return {
    sample: options.sample, partitions: options.partitions ?? null, asOf, modes, projection,
    note: 'Projection: a linear estimate. Reading the source files takes as long at any sample, so it is counted once; the rest of the measured time is divided by the sample. Writing the segment files is not included.',
  };
}
