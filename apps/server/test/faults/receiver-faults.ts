import { rmSync } from 'node:fs';
import type { ReceivedRequest, ReceiverAction } from '../../../../packages/engine/test/destinations/receiver.ts';
import { checkEvents, checkFile, checkTable, checkWebhook } from './check-run.ts';
import { checkRun, type Outcome } from './kill-trials.ts';
import { followEvents, waitForRun, type ServerProcess } from './server-process.ts';
import { dataDir, publishedWorkflow, startRun, startServer, type Suite } from './suite.ts';

/** Webhook batch attempts: the destination's maxAttempts. The node's own retry policy adds none: a delivery that used its retries fails for good. */
const MAX_POSTS_PER_BATCH = 4;

interface Scenario {
  name: string;
  /** How the receiver answers a POST, given how many times this batch was POSTed before. */
  answer(request: ReceivedRequest, earlier: number): ReceiverAction;
  /** The run should end so; a partial one must still have delivered every other branch. */
  ends: 'succeeded' | 'partial';
  /** Extra checks on the finished run. */
  check?(run: any, posts: Map<number, number[]>): string[];
}

const batchIs = (n: number, then: (earlier: number) => ReceiverAction) => (r: ReceivedRequest, earlier: number): ReceiverAction => (r.batch === n ? then(earlier) : 'ok');
const postsOf = (posts: Map<number, number[]>, batch: number) => posts.get(batch)?.length ?? 0;

const SCENARIOS: Scenario[] = [
  {
    name: 'answers 500 twice, then takes the batch',
    answer: batchIs(3, (earlier) => (earlier < 2 ? { status: 500, body: 'oops' } : 'ok')),
    ends: 'succeeded',
    check: (_run, posts) => (postsOf(posts, 3) === 3 ? [] : [`batch 3 was POSTed ${postsOf(posts, 3)} times, not 3`]),
  },
  {
    name: 'answers 429 with Retry-After: 1',
    answer: batchIs(2, (earlier) => (earlier === 0 ? { status: 429, headers: { 'retry-after': '1' } } : 'ok')),
    ends: 'succeeded',
    check: (_run, posts) => {
      const [first, second] = posts.get(2) ?? [];
      return second - first >= 950 ? [] : [`batch 2 was POSTed again ${second - first} ms after the 429, before its Retry-After of 1 s`];
    },
  },
  {
    name: 'hangs past the 1 s timeout',
    answer: batchIs(4, (earlier) => (earlier === 0 ? 'hang' : 'ok')),
    ends: 'succeeded',
    check: (_run, posts) => (postsOf(posts, 4) === 2 ? [] : [`batch 4 was POSTed ${postsOf(posts, 4)} times, not 2`]),
  },
  {
    name: 'resets the connection',
    answer: batchIs(2, (earlier) => (earlier === 0 ? 'reset' : 'ok')),
    ends: 'succeeded',
  },
  {
    name: 'applies the batch, then drops the connection before answering',
    answer: batchIs(3, (earlier) => (earlier === 0 ? 'apply-then-drop' : 'ok')),
    ends: 'succeeded',
    check: (_run, posts) => (postsOf(posts, 3) === 2 ? [] : [`batch 3 was POSTed ${postsOf(posts, 3)} times, not 2 (once more after the drop)`]),
  },
  {
    name: 'answers 503 to one batch until the retries run out (then the run is retried with the receiver back)',
    answer: batchIs(3, () => ({ status: 503, body: 'down' })),
    ends: 'partial',
    check: (run, posts) => [
      ...(postsOf(posts, 3) === MAX_POSTS_PER_BATCH ? [] : [`batch 3 was POSTed ${postsOf(posts, 3)} times, not ${MAX_POSTS_PER_BATCH}`]),
      ...(/after 4 attempts: the receiver answered 503/.test(run.nodes.out_hook.error ?? '') ? [] : [`the failure on out_hook does not say why: ${run.nodes.out_hook.error}`]),
    ],
  },
  {
    name: 'refuses a batch with 400 (a node failing in one branch)',
    answer: batchIs(1, () => ({ status: 400, body: 'no such list' })),
    ends: 'partial',
    check: (run, posts) => [
      // A 4xx is never retried: not within the delivery, not by the node's retry policy.
      ...(postsOf(posts, 1) === 1 ? [] : [`batch 1 was POSTed ${postsOf(posts, 1)} times, not once`]),
      ...(/answered 400.*not retried/.test(run.nodes.out_hook.error ?? '') ? [] : [`the failure on out_hook does not say why: ${run.nodes.out_hook.error}`]),
    ],
  },
];

/**
 * The receiver misbehaving, seen through the server: a run of the published
 * workflow per scenario, on one server process.
 */
export async function receiverFaults(suite: Suite): Promise<Outcome[]> {
  const dir = dataDir(suite, 'receiver-faults');
  const server = await startServer(dir);
  const outcomes: Outcome[] = [];
  try {
    for (const [i, scenario] of SCENARIOS.entries()) {
      const outcome = await runScenario(suite, server, dir, scenario, `fault_r${i}`).catch((e: Error): Outcome => ({ name: '', problems: [`crashed: ${e.stack ?? e.message}`], figures: {} }));
      outcome.name = `receiver ${scenario.name}`;
      outcomes.push(outcome);
      suite.log(`${outcome.problems.length ? 'FAIL' : 'ok  '} ${outcome.name}${outcome.problems.map((p) => `\n       ${p}`).join('')}`);
    }
  } finally {
    suite.answer(() => 'ok');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return outcomes;
}

async function runScenario(suite: Suite, server: ServerProcess, dir: string, scenario: Scenario, table: string): Promise<Outcome> {
  const { api } = server;
  const workflowId = await publishedWorkflow(suite, api, table);
  // POST times per batch of this run.
  const posts = new Map<number, number[]>();
  let runId = '';
  suite.answer((r) => {
    if (r.runId !== runId) return 'ok';
    const times = posts.get(r.batch) ?? [];
    posts.set(r.batch, [...times, Date.now()]);
    return scenario.answer(r, times.length);
  });
  runId = await startRun(api, workflowId, 1);
  const run = await waitForRun(api, runId);
  suite.answer(() => 'ok');
  const problems = scenario.check?.(run, posts) ?? [];
  const tooMany = [...posts].filter(([, times]) => times.length > MAX_POSTS_PER_BATCH);
  if (tooMany.length) problems.push(`batches POSTed more than ${MAX_POSTS_PER_BATCH} times: ${tooMany.map(([b]) => b).join(', ')}`);
  if (scenario.ends === 'succeeded') {
    const outcome = await checkRun(suite, server, dir, runId, run, table, await followEvents(server, runId, 0));
    return { ...outcome, problems: [...problems, ...outcome.problems] };
  }
  // Partial: the failure is on the webhook node, the other branches are whole, and nothing was applied twice.
  if (run.status !== 'partial') problems.push(`the run ended ${run.status}, not partial`);
  if (run.nodes.out_hook?.status !== 'failed') problems.push(`out_hook is ${run.nodes.out_hook?.status}, not failed`);
  for (const id of ['out_table', 'out_file']) if (run.nodes[id]?.status !== 'succeeded') problems.push(`${id} is ${run.nodes[id]?.status}: an independent branch did not finish`);
  const hook = checkWebhook(suite.receiver, runId, suite.expected);
  if (hook.figures.rowsDuplicated) problems.push(`${hook.figures.rowsDuplicated} members applied twice`);
  problems.push(...checkTable(suite.pg, table, suite.expected).problems, ...(await checkFile(api, runId, suite.expected)).problems);
  problems.push(...checkEvents(await followEvents(server, runId, 0), 'partial'));
  if (!run.retryable) problems.push('the partial run is not retryable');
  if (scenario.name.includes('retries run out')) problems.push(...(await retryAfterRecovery(suite, server, dir, runId, run, table, posts)));
  return { name: '', problems, figures: {} };
}

/** POST /retry once the receiver is back: only the webhook branch runs, batches it delivered are not sent again. */
async function retryAfterRecovery(suite: Suite, server: ServerProcess, dir: string, runId: string, before: any, table: string, posts: Map<number, number[]>): Promise<string[]> {
  const sentBefore = new Map([...posts].map(([b, t]) => [b, t.length]));
  suite.answer((r) => {
    if (r.runId === runId) posts.set(r.batch, [...(posts.get(r.batch) ?? []), Date.now()]);
    return 'ok';
  });
  const retried = await server.api.request('POST', `/api/runs/${runId}/retry`);
  if (retried.status !== 202) return [`POST /retry answered ${retried.status}: ${JSON.stringify(retried.body)}`];
  const run = await waitForRun(server.api, runId);
  const outcome = await checkRun(suite, server, dir, runId, run, table, await followEvents(server, runId, 0));
  const problems = outcome.problems.map((p) => `after the retry: ${p}`);
  const resent = [...sentBefore].filter(([batch]) => batch < 3 && postsOf(posts, batch) !== 1).map(([b]) => b);
  if (resent.length) problems.push(`the retry sent delivered batches again: ${resent.join(', ')}`);
  if (before.lastSeq >= run.lastSeq) problems.push('the retry added no events');
  return problems;
}
