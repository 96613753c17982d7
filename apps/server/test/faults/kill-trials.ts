import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '@segflow/engine';
import { checkEvents, checkFile, checkFollowed, checkTable, checkWebhook, type Figures } from './check-run.ts';
import { csvKeys, hookBatches, type ExpectedSegments } from './fault-workflow.ts';
import { followEvents, waitForRun, type ServerProcess } from './server-process.ts';
import { dataDir, publishedWorkflow, startRun, startServer, type Suite } from './suite.ts';

/** How long a run takes and how much it says, from one run without a kill: where the kill points are drawn. */
export interface Reference {
  events: number;
  requests: number;
  ms: number;
}

export interface Outcome {
  name: string;
  problems: string[];
  figures: Partial<Figures>;
}

/**
 * The segments a run must deliver, from a run of the draft (which writes every
 * output to a CSV file), then one uninterrupted run of the published version:
 * its delivery is checked like a trial's, and its length sets the kill points.
 */
export async function reference(suite: Omit<Suite, 'expected'>): Promise<{ expected: ExpectedSegments; reference: Reference; outcome: Outcome }> {
  const dir = dataDir(suite, 'reference');
  const server = await startServer(dir);
  try {
    const { api } = server;
    const workflowId = await publishedWorkflow(suite, api, 'fault_reference');
    const draftRun = await startRun(api, workflowId);
    const draft = await waitForRun(api, draftRun);
    if (draft.status !== 'succeeded') throw new Error(`the draft run ${draft.status}: ${JSON.stringify(draft.nodes)}`);
    const keys = async (segment: string) => {
      const { status, body } = await api.request('GET', `/api/runs/${draftRun}/segments/${segment}.csv`);
      if (status !== 200) throw new Error(`downloading ${segment}: ${status}`);
      return csvKeys(String(body));
    };
    const expected = { engaged: await keys('engaged'), dormant: await keys('dormant'), new_pros: await keys('new_pros') };

    const t0 = Date.now();
    const runId = await startRun(api, workflowId, 1);
    const seen = await followEvents(server, runId, 0);
    const run = await waitForRun(api, runId);
    const ms = Date.now() - t0;
    const requests = suite.receiver.requests.filter((r) => r.runId === runId).length;
    const outcome = await checkRun({ ...suite, expected }, server, dir, runId, run, 'fault_reference', seen);
    outcome.name = 'reference run (no kill)';
    return { expected, reference: { events: run.lastSeq, requests, ms }, outcome };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

type KillPlan =
  | { kind: 'event'; at: number }
  | { kind: 'request'; at: number; point: 'before-apply' | 'after-apply' | 'after-answer' }
  | { kind: 'time'; afterMs: number };

function planKill(random: () => number, ref: Reference, trial: number): { first: KillPlan; second?: number } {
  const kind = (['event', 'request', 'time'] as const)[trial % 3];
  const second = random() < 0.3 ? 1 + Math.floor(random() * 12) : undefined;
  if (kind === 'event') return { first: { kind, at: 1 + Math.floor(random() * Math.max(1, ref.events - 1)) }, second };
  if (kind === 'request') {
    const point = (['before-apply', 'after-apply', 'after-answer'] as const)[Math.floor(random() * 3)];
    return { first: { kind, at: 1 + Math.floor(random() * Math.max(1, ref.requests)), point }, second };
  }
  // The reference's length includes polling for its end: draw from most of it, so the kill lands inside the run.
  return { first: { kind, afterMs: Math.round(random() * ref.ms * 0.8) }, second };
}

const describe = (plan: KillPlan) =>
  plan.kind === 'event' ? `at event ${plan.at}` : plan.kind === 'request' ? `at webhook POST ${plan.at} (${plan.point})` : `after ${plan.afterMs} ms`;

/**
 * One trial: a run of the published version, `kill -9` of the server at a
 * seeded point (sometimes again after the restart), a restart, and the checks
 * once the run has finished on its own.
 */
export async function killTrial(suite: Suite, ref: Reference, trial: number): Promise<Outcome> {
  const dir = dataDir(suite, `trial-${trial}`);
  const table = `fault_t${trial}`;
  const plan = planKill(suite.random, ref, trial);
  let server = await startServer(dir);
  let kills = 0;
  const notes: string[] = [];
  const duplicatesBefore = suite.receiver.duplicates;
  try {
    const workflowId = await publishedWorkflow(suite, server.api, table);
    const seen: RunEvent[] = [];
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      server.kill();
    };
    const first = plan.first;
    let posts = 0;
    let runId = '';
    if (first.kind === 'request')
      suite.answer((r) => {
        if (r.runId !== runId || ++posts !== first.at) return 'ok';
        if (first.point === 'after-answer') {
          setImmediate(kill);
          return 'ok';
        }
        kill();
        return first.point === 'after-apply' ? 'apply-then-drop' : 'hang';
      });
    runId = await startRun(server.api, workflowId, 1);
    const timer = first.kind === 'time' ? setTimeout(kill, first.afterMs) : undefined;
    await followEvents(server, runId, 0, (event) => {
      seen.push(event);
      if (first.kind === 'event' && seen.length === first.at) kill();
    });
    clearTimeout(timer);
    suite.answer(() => 'ok');
    if (killed) kills++;
    else notes.push(`the run finished before the kill point (${describe(first)})`);
    kill();
    await server.exited;

    server = await startServer(dir);
    if (plan.second !== undefined) {
      const target = plan.second;
      let fresh = 0;
      killed = false;
      await followEvents(server, runId, seen.at(-1)?.seq ?? 0, (event) => {
        seen.push(event);
        if (++fresh === target) kill();
      });
      if (killed) {
        kills++;
        await server.exited;
        server = await startServer(dir);
      }
    }
    seen.push(...(await followEvents(server, runId, seen.at(-1)?.seq ?? 0)));
    const run = await waitForRun(server.api, runId);
    const outcome = await checkRun(suite, server, dir, runId, run, table, seen);
    outcome.name = `trial ${trial}: kill -9 ${describe(first)}${plan.second !== undefined ? `, then at event ${plan.second} after the restart` : ''}; ${kills} kill(s)${notes.length ? `; ${notes.join('; ')}` : ''}`;
    outcome.figures.kills = kills;
    outcome.figures.batchesResent = suite.receiver.duplicates - duplicatesBefore;
    return outcome;
  } finally {
    suite.answer(() => 'ok');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every check of a published run that should have succeeded, with its figures. */
export async function checkRun(suite: Suite, server: ServerProcess, dir: string, runId: string, run: any, table: string, seen: RunEvent[]): Promise<Outcome> {
  const stored = await followEvents(server, runId, 0);
  const hook = checkWebhook(suite.receiver, runId, suite.expected);
  const pg = checkTable(suite.pg, table, suite.expected);
  const file = await checkFile(server.api, runId, suite.expected);
  const problems = [
    ...(run.status === 'succeeded' ? [] : [`the run ended ${run.status} (${JSON.stringify(run.note ?? null)}): ${JSON.stringify(Object.fromEntries(Object.entries(run.nodes).map(([id, n]: [string, any]) => [id, n.error ?? n.status])))}`]),
    ...checkEvents(stored, run.status),
    ...checkFollowed(seen, stored),
    ...hook.problems, ...pg.problems, ...file.problems,
  ];
  // Every webhook batch and the table, once each, in the ledger.
  if (run.delivered !== hookBatches(suite.expected) + 1) problems.push(`the ledger holds ${run.delivered} deliveries, not ${hookBatches(suite.expected) + 1}`);
  // A succeeded run has nothing to resume: its result tables go, and the workflow's file with the last of them.
  const results = join(dir, 'results', `${run.workflowId}.duckdb`);
  for (let i = 0; i < 50 && existsSync(results); i++) await new Promise((r) => setTimeout(r, 100));
  if (existsSync(results)) problems.push('the results file of a succeeded run is still there');
  const figures: Partial<Figures> = { trials: 1, runsResumed: stored.filter((e) => e.type === 'run-resumed').length, ...hook.figures, ...pg.figures, ...file.figures };
  return { name: '', problems, figures };
}
