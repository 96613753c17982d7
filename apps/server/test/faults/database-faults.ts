import { rmSync } from 'node:fs';
import { startHostilePeer, type HostilePeer, type PeerBehaviour } from '../../../../packages/engine/test/destinations/hostile-peer.ts';
import { checkEvents } from './check-run.ts';
import { faultWorkflow } from './fault-workflow.ts';
import type { Outcome } from './kill-trials.ts';
import { followEvents, waitForRun, type ServerProcess } from './server-process.ts';
import { dataDir, startRun, startServer, type Suite } from './suite.ts';

interface Scenario {
  name: string;
  behaviour: PeerBehaviour;
  /** Cancel the run once it is talking to the peer. */
  cancel: boolean;
  ends: 'partial' | 'cancelled';
  /** What the failed table output must say (runs that are not cancelled). */
  error?: RegExp;
  /** The run must have ended this long after it met the peer (or after the cancel). */
  withinMs: number;
}

/** The server's deadline to connect to a database is 15 s; the table output is tried once here. */
const SCENARIOS: Scenario[] = [
  { name: 'closes the connection during start-up', behaviour: 'close-at-startup', cancel: false, ends: 'partial', error: /could not connect to the database/, withinMs: 10_000 },
  { name: 'accepts and never answers, until the connect deadline', behaviour: 'silent', cancel: false, ends: 'partial', error: /did not answer within 15 seconds/, withinMs: 30_000 },
  { name: 'accepts and never answers, and the run is cancelled', behaviour: 'silent', cancel: true, ends: 'cancelled', withinMs: 5_000 },
  { name: 'lets the client in, then never answers a statement, and the run is cancelled', behaviour: 'silent-after-startup', cancel: true, ends: 'cancelled', withinMs: 5_000 },
];

/**
 * A database that misbehaves (a fake PostgreSQL on loopback), seen through the
 * server: whatever it does, the run ends (partial, or cancelled when asked),
 * never hangs, and the connections to it are dropped.
 */
export async function databaseFaults(suite: Suite): Promise<Outcome[]> {
  const dir = dataDir(suite, 'database-faults');
  const server = await startServer(dir);
  const outcomes: Outcome[] = [];
  try {
    for (const scenario of SCENARIOS) {
      const peer = await startHostilePeer(scenario.behaviour);
      const outcome = await runScenario(suite, server, peer, scenario)
        .catch((e: Error): Outcome => ({ name: '', problems: [`crashed: ${e.stack ?? e.message}`], figures: {} }))
        .finally(() => peer.close());
      outcome.name = `database ${scenario.name}`;
      outcomes.push(outcome);
      suite.log(`${outcome.problems.length ? 'FAIL' : 'ok  '} ${outcome.name}${outcome.problems.map((p) => `\n       ${p}`).join('')}`);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return outcomes;
}

async function runScenario(suite: Suite, server: ServerProcess, peer: HostilePeer, scenario: Scenario): Promise<Outcome> {
  const { api } = server;
  const document = faultWorkflow({ webhookUrl: suite.receiver.url, postgresUrl: peer.url, table: 'hostile' });
  const table = document.nodes.find((n) => n.id === 'out_table')!;
  Object.assign(table, { retry: { attempts: 1 } });
  const created = await api.request('POST', '/api/workflows', { document });
  if (created.status !== 201) throw new Error(`creating the workflow: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await api.request('POST', `/api/workflows/${created.body.id}/publish`, { note: 'database faults' });
  if (published.status !== 201) throw new Error(`publishing: ${published.status} ${JSON.stringify(published.body)}`);
  const runId = await startRun(api, created.body.id, 1);

  for (const until = Date.now() + 180_000; peer.accepted() === 0; await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > until) throw new Error('the run never reached the database');
  const met = Date.now();
  if (scenario.cancel) {
    const cancelled = await api.request('POST', `/api/runs/${runId}/cancel`);
    if (cancelled.status !== 202) throw new Error(`cancelling: ${cancelled.status} ${JSON.stringify(cancelled.body)}`);
  }
  const problems: string[] = [];
  const run = await waitForRun(api, runId, scenario.withinMs).catch((e: Error) => {
    problems.push(`the run did not end within ${scenario.withinMs / 1000} s of meeting the database: ${e.message}`);
    return undefined;
  });
  if (!run) return { name: '', problems, figures: {} };
  const ms = Date.now() - met;
  if (run.status !== scenario.ends) problems.push(`the run ended ${run.status}, not ${scenario.ends}`);
  if (scenario.error && !scenario.error.test(run.nodes.out_table?.error ?? '')) problems.push(`out_table's failure does not say why: ${run.nodes.out_table?.error}`);
  if (scenario.ends === 'partial')
    for (const id of ['out_hook', 'out_file']) if (run.nodes[id]?.status !== 'succeeded') problems.push(`${id} is ${run.nodes[id]?.status}: an independent branch did not finish`);
  problems.push(...checkEvents(await followEvents(server, runId, 0), scenario.ends));
  for (let i = 0; i < 50 && peer.open() > 0; i++) await new Promise((r) => setTimeout(r, 100));
  if (peer.open() > 0) problems.push(`${peer.open()} connections to the database were left open`);
  suite.log(`       ended ${run.status} ${(ms / 1000).toFixed(1)} s after meeting the database`);
  return { name: '', problems, figures: {} };
}
