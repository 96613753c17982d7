import { describe, expect, it } from 'vitest';
import type { RunMode } from '../model/document.ts';
import { warning } from '../model/problem.ts';
import { planRun } from '../plan/index.ts';
import { analyzeWorkflow } from '../validate/index.ts';
import { chain, doc, edge, events, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { executePlan, finishedNodes, type ExecuteOptions, type NodeStep, type RunBackend, type StepOutcome } from './execute-plan.ts';
import { reduceRunEvents } from './reduce-run-event.ts';
import type { RunEvent } from './run-events.ts';

/**
 * c ─ f ─ a ─ r(rank) ─ g ─ o1
 *     │   ev┘
 *     └ h ─ o2
 */
const DOC = doc(
  [
    source('c'), events('ev'), filter('f', rule('x', '>', 1)), node('a', 'aggregate', { as: 'n', fn: 'count' }),
    node('r', 'rank', { as: 'pct', fn: 'percent_rank', by: 'n' }), filter('g', rule('pct', '>', 0.5)), output('o1'),
    filter('h', rule('x', '<', 9)), output('o2'),
  ],
  [...chain('c', 'f', 'a', 'r', 'g', 'o1'), edge('ev', 'a', 'events'), ...chain('f', 'h', 'o2')],
);
const ANALYSIS = analyzeWorkflow(DOC);

type Behaviour = (step: NodeStep, signal: AbortSignal) => StepOutcome | Promise<StepOutcome>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs steps by a rule, records them, and counts how many run at once. */
class FakeBackend implements RunBackend {
  steps: NodeStep[] = [];
  running = 0;
  maxRunning = 0;
  constructor(private readonly behaviour: Behaviour = () => ({ rows: 10 })) {}
  async runStep(step: NodeStep, signal: AbortSignal): Promise<StepOutcome> {
    this.steps.push(step);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      await sleep(1 + ((step.nodeId.charCodeAt(0) + (step.partition ?? 0)) % 3));
      const outcome = await this.behaviour(step, signal);
      if (step.nodeId.startsWith('o') && !outcome.failed && !outcome.segment)
        return { ...outcome, segment: { name: step.nodeId, count: outcome.rows, path: `/tmp/${step.nodeId}.csv` } };
      return outcome;
    } finally {
      this.running--;
    }
  }
}

const failOn = (nodeId: string, partition?: number): Behaviour => (step) => {
  if (step.nodeId === nodeId && (partition === undefined || step.partition === partition)) throw new Error(`${nodeId} broke`);
  return { rows: 10 };
};

type Extra = Partial<Pick<ExecuteOptions, 'signal' | 'concurrency' | 'retryPolicy' | 'completed' | 'resume'>>;

async function execute(mode: RunMode, partitions: number, backend: RunBackend, extra: Extra = {}) {
  const completed = extra.completed ?? (extra.resume ? finishedNodes(extra.resume) : undefined);
  const plan = planRun(ANALYSIS, { mode, partitions, completed });
  const events: RunEvent[] = [];
  const sleeps: number[] = [];
  const state = await executePlan(plan, ANALYSIS.adjacency, backend, {
    runId: 'run-1', asOf: '2024-01-01', concurrency: mode === 'sequential' ? 1 : 3, ...extra,
    onEvent: (e) => events.push(e),
    // Backoff waits are recorded, not slept.
    sleep: async (ms) => void sleeps.push(ms),
  });
  const statuses = Object.fromEntries(Object.entries(state.nodes).map(([id, n]) => [id, n.status]));
  return { plan, state, events, statuses, sleeps };
}

const CONFIGS: [RunMode, number][] = [['sequential', 1], ['parallel', 3], ['hybrid', 2]];

describe('executePlan: success', () => {
  it.each(CONFIGS)('runs every step once and succeeds (%s, %i)', async (mode, partitions) => {
    const backend = new FakeBackend();
    const { state, plan, statuses } = await execute(mode, partitions, backend);
    expect(state.status).toBe('succeeded');
    expect(Object.values(statuses).every((s) => s === 'succeeded')).toBe(true);
    const expectedSteps = plan.tasks.reduce((n, t) => n + t.nodes.length, 0);
    expect(backend.steps).toHaveLength(expectedSteps);
    expect(new Set(backend.steps.map((s) => `${s.nodeId}/${s.partition}`)).size).toBe(expectedSteps);
    expect(state.segments).toEqual({ o1: { count: 10, path: '/tmp/o1.csv' }, o2: { count: 10, path: '/tmp/o2.csv' } });
    // Rows of a partitioned node add up over its partitions.
    expect(state.nodes.f.rows).toBe(10 * (plan.partitioned.f ? partitions : 1));
  });

  it('runs sequential steps one at a time in topological order', async () => {
    const backend = new FakeBackend();
    await execute('sequential', 1, backend);
    expect(backend.maxRunning).toBe(1);
    expect(backend.steps.map((s) => s.nodeId)).toEqual(ANALYSIS.order);
  });

  it('never runs more steps at once than the concurrency', async () => {
    const backend = new FakeBackend();
    await execute('parallel', 4, backend, { concurrency: 2 });
    expect(backend.maxRunning).toBeLessThanOrEqual(2);
    expect(backend.maxRunning).toBe(2);
  });

  it('starts a step only after every step it reads from has finished', async () => {
    const finished = new Set<string>();
    const plan = planRun(ANALYSIS, { mode: 'parallel', partitions: 3 });
    const backend = new FakeBackend((step) => {
      for (const e of ANALYSIS.adjacency.incoming.get(step.nodeId) ?? []) {
        const parts = plan.partitioned[e.source] ? (plan.partitioned[step.nodeId] ? [step.partition] : [0, 1, 2]) : [null];
        for (const p of parts) expect(finished.has(`${e.source}/${p}`), `${step.nodeId}/${step.partition} before ${e.source}/${p}`).toBe(true);
      }
      finished.add(`${step.nodeId}/${step.partition}`);
      return { rows: 1 };
    });
    const { state } = await execute('parallel', 3, backend);
    expect(state.status).toBe('succeeded');
  });

  it('reports warnings on the node and still succeeds the run', async () => {
    const backend = new FakeBackend((step) => (step.nodeId === 'c' ? { rows: 5, problems: [warning('missing_key', '1 row dropped', { nodeId: 'c' })] } : { rows: 5 }));
    const { state, statuses } = await execute('hybrid', 2, backend);
    expect(statuses.c).toBe('warning');
    expect(state.nodes.c.problems).toEqual([expect.objectContaining({ code: 'missing_key' })]);
    expect(state.status).toBe('succeeded');
  });
});

describe('executePlan: failures', () => {
  it.each(CONFIGS)('skips only what depends on a failed node; the independent branch finishes (%s, %i)', async (mode, partitions) => {
    const { state, statuses } = await execute(mode, partitions, new FakeBackend(failOn('h')));
    expect(statuses).toEqual({ c: 'succeeded', ev: 'succeeded', f: 'succeeded', a: 'succeeded', r: 'succeeded', g: 'succeeded', o1: 'succeeded', h: 'failed', o2: 'skipped' });
    expect(state.nodes.h.error).toContain('h broke');
    expect(state.status).toBe('partial');
    expect(Object.keys(state.segments)).toEqual(['o1']);
  });

  it.each(CONFIGS)('fails the run when no output is delivered (%s, %i)', async (mode, partitions) => {
    const { state, statuses } = await execute(mode, partitions, new FakeBackend(failOn('f')));
    expect(statuses).toEqual({ c: 'succeeded', ev: 'succeeded', f: 'failed', a: 'skipped', r: 'skipped', g: 'skipped', o1: 'skipped', h: 'skipped', o2: 'skipped' });
    expect(state.status).toBe('failed');
    expect(state.segments).toEqual({});
  });

  it('skips downstream of one failed partition while the other partitions and branches finish', async () => {
    const backend = new FakeBackend(failOn('a', 1));
    const { state, statuses } = await execute('parallel', 3, backend);
    expect(statuses).toMatchObject({ a: 'failed', r: 'skipped', g: 'skipped', o1: 'skipped', h: 'succeeded', o2: 'succeeded' });
    expect(state.nodes.a.partitions[0].status).toBe('succeeded');
    expect(state.nodes.a.partitions[2].status).toBe('succeeded');
    expect(backend.steps.some((s) => s.nodeId === 'r')).toBe(false);
    expect(state.status).toBe('partial');
  });

  it('fails a node whose step reports failed (an enforced size range), with its problems', async () => {
    const backend = new FakeBackend((step) =>
      step.nodeId === 'o2' ? { rows: 3, failed: true, problems: [{ severity: 'error', code: 'segment_size', message: 'too small', nodeId: 'o2' }] } : { rows: 3 });
    const { state, statuses } = await execute('hybrid', 2, backend);
    expect(statuses.o2).toBe('failed');
    expect(state.nodes.o2.error).toBe('too small');
    expect(state.nodes.o2.problems).toEqual([expect.objectContaining({ code: 'segment_size' })]);
    expect(state.status).toBe('partial');
  });

  it('fails the run when the only failure leaves every output undelivered', async () => {
    const both = new FakeBackend((step) => {
      if (step.nodeId === 'o1' || step.nodeId === 'o2') throw new Error('disk full');
      return { rows: 1 };
    });
    expect((await execute('parallel', 2, both)).state.status).toBe('failed');
  });
});

describe('executePlan: events', () => {
  it.each(CONFIGS)('numbers events 1, 2, 3 … and the returned state is their fold (%s, %i)', async (mode, partitions) => {
    const { state, events } = await execute(mode, partitions, new FakeBackend(failOn('g')));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0].type).toBe('run-started');
    expect(events.at(-1)!.type).toBe('run-finished');
    expect(reduceRunEvents(events)).toEqual(state);
    // Replaying the stream, whole or in part, changes nothing.
    expect(reduceRunEvents([...events, ...events.slice(3)])).toEqual(state);
    expect(reduceRunEvents(events, state)).toEqual(state);
  });

  it('reports each step as started then finished, per partition', async () => {
    const { events } = await execute('parallel', 2, new FakeBackend(failOn('h')));
    const byStep = new Map<string, string[]>();
    for (const e of events)
      if ('nodeId' in e) {
        const key = `${e.nodeId}/${e.partition ?? '-'}`;
        byStep.set(key, [...(byStep.get(key) ?? []), e.type]);
      }
    expect(byStep.get('f/0')).toEqual(['node-started', 'node-succeeded']);
    // Three attempts (the default) before it fails.
    expect(byStep.get('h/1')).toEqual(['node-started', 'node-retrying', 'node-retrying', 'node-failed']);
    expect(byStep.get('o2/-')).toEqual(['node-skipped']);
  });
});

describe('executePlan: cancellation', () => {
  it('stops at the running step, skips the rest and ends cancelled', async () => {
    const controller = new AbortController();
    const backend = new FakeBackend((step, signal) => {
      if (step.nodeId !== 'a') return { rows: 1 };
      controller.abort();
      return new Promise((_, reject) => {
        if (signal.aborted) reject(new Error('interrupted'));
        signal.addEventListener('abort', () => reject(new Error('interrupted')));
      });
    });
    const { state, statuses } = await execute('sequential', 1, backend, { signal: controller.signal });
    expect(state.status).toBe('cancelled');
    expect(statuses.a).toBe('failed');
    expect(state.nodes.a.error).toMatch(/cancel/i);
    for (const id of ['r', 'g', 'o1', 'h', 'o2']) expect(statuses[id], id).toBe('skipped');
    expect(backend.steps.map((s) => s.nodeId)).toEqual(['c', 'ev', 'f', 'a']);
  });

  it('runs nothing when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const backend = new FakeBackend();
    const { state } = await execute('hybrid', 2, backend, { signal: controller.signal });
    expect(state.status).toBe('cancelled');
    expect(backend.steps).toEqual([]);
    expect(Object.values(state.nodes).every((n) => n.status === 'skipped')).toBe(true);
  });
});

describe('executePlan: retries', () => {
  it('retries a step that throws and succeeds when a later attempt works', async () => {
    let calls = 0;
    const backend = new FakeBackend((step) => {
      if (step.nodeId === 'h' && ++calls < 3) throw new Error('flaky');
      return { rows: 2 };
    });
    const { state, statuses, events, sleeps } = await execute('sequential', 1, backend);
    expect(statuses.h).toBe('succeeded');
    expect(state.status).toBe('succeeded');
    expect(backend.steps.filter((s) => s.nodeId === 'h')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'node-retrying').map((e) => (e as { attempt: number }).attempt)).toEqual([2, 3]);
    expect(state.nodes.h.attempts).toBe(3);
    // Full jitter: each wait is at most base × 2^(attempt-1).
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeLessThanOrEqual(250);
    expect(sleeps[1]).toBeLessThanOrEqual(500);
  });

  it('gives up after the policy\'s attempts and says how many it made', async () => {
    const backend = new FakeBackend(failOn('h'));
    const { state } = await execute('sequential', 1, backend, { retryPolicy: () => ({ attempts: 2, backoffMs: 10, maxBackoffMs: 10 }) });
    expect(backend.steps.filter((s) => s.nodeId === 'h')).toHaveLength(2);
    expect(state.nodes.h.error).toMatch(/h broke.*2 attempts/);
  });

  it('does not retry a step that ran and reported failure (an enforced size range)', async () => {
    const backend = new FakeBackend((step) => (step.nodeId === 'o2' ? { rows: 3, failed: true, problems: [] } : { rows: 3 }));
    await execute('sequential', 1, backend);
    expect(backend.steps.filter((s) => s.nodeId === 'o2')).toHaveLength(1);
  });

  it('retries one partition without running the others again', async () => {
    let failed = false;
    const backend = new FakeBackend((step) => {
      if (step.nodeId === 'f' && step.partition === 1 && !failed) {
        failed = true;
        throw new Error('once');
      }
      return { rows: 1 };
    });
    const { state } = await execute('parallel', 3, backend);
    expect(state.status).toBe('succeeded');
    expect(backend.steps.filter((s) => s.nodeId === 'f').map((s) => s.partition).sort()).toEqual([0, 1, 1, 2]);
  });
});

describe('executePlan: resuming', () => {
  it('does not run completed nodes and runs what depends on them', async () => {
    const backend = new FakeBackend();
    const { state } = await execute('hybrid', 2, backend, { completed: new Set(['c', 'ev', 'f', 'a', 'h']) });
    expect(new Set(backend.steps.map((s) => s.nodeId))).toEqual(new Set(['r', 'g', 'o1', 'o2']));
    expect(state.status).toBe('succeeded');
  });

  it('continues a failed run: events go on from its last seq and the state is the fold of both streams', async () => {
    const first = await execute('parallel', 2, new FakeBackend(failOn('h')), { retryPolicy: () => ({ attempts: 1, backoffMs: 0, maxBackoffMs: 0 }) });
    expect(first.state.status).toBe('partial');
    const second = await execute('parallel', 2, new FakeBackend(), { resume: first.state });
    expect(second.events[0]).toMatchObject({ type: 'run-resumed', seq: first.state.lastSeq + 1 });
    expect(second.events.map((e) => e.seq)).toEqual(second.events.map((_, i) => first.state.lastSeq + 1 + i));
    expect(second.state.status).toBe('succeeded');
    expect(second.statuses).toMatchObject({ h: 'succeeded', o2: 'succeeded', o1: 'succeeded' });
    expect(reduceRunEvents([...first.events, ...second.events])).toEqual(second.state);
  });
});
