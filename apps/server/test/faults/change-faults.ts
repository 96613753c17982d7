import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateDataset } from '@segflow/engine/node';
import { checkFile, checkTable } from './check-run.ts';
import { csvKeys, faultWorkflow, type ExpectedSegments } from './fault-workflow.ts';
import type { Outcome, Reference } from './kill-trials.ts';
import { followEvents, waitForRun, type Api, type ServerProcess } from './server-process.ts';
import { dataDir, startRun, startServer, type Suite } from './suite.ts';

/** The fault workflow with its webhook and its table delivering changes only. */
function changesWorkflow(suite: Pick<Suite, 'receiver' | 'pg'>, table: string) {
  const document = faultWorkflow({ webhookUrl: suite.receiver.url, postgresUrl: suite.pg.url, table });
  for (const node of document.nodes as { id: string; config: { destination?: Record<string, unknown> } }[])
    if (node.id === 'out_hook' || node.id === 'out_table') node.config.destination = { ...node.config.destination, delivery: 'changes' };
  return document;
}

async function publishChanges(suite: Suite, api: Api, table: string): Promise<string> {
  const created = await api.request('POST', '/api/workflows', { document: changesWorkflow(suite, table) });
  if (created.status !== 201) throw new Error(`creating the workflow: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await api.request('POST', `/api/workflows/${created.body.id}/publish`, { note: 'change faults' });
  if (published.status !== 201) throw new Error(`publishing: ${published.status} ${JSON.stringify(published.body)}`);
  return created.body.id;
}

/** The second dataset (events and customers drawn again) and its segments, from a draft run. */
export async function changedData(suite: Suite, customers: number): Promise<{ datasets: string; expected: ExpectedSegments }> {
  const datasets = join(suite.work, 'datasets-changed');
  await generateDataset({ customers, outDir: datasets, seed: 8 });
  const dir = dataDir({ work: suite.work, datasets }, 'changes-reference');
  const server = await startServer(dir);
  try {
    const workflowId = await publishChanges(suite, server.api, 'fault_changes_reference');
    const runId = await startRun(server.api, workflowId);
    const run = await waitForRun(server.api, runId);
    if (run.status !== 'succeeded') throw new Error(`the draft run on the changed data ${run.status}`);
    const keys = async (segment: string) => csvKeys(String((await server.api.request('GET', `/api/runs/${runId}/segments/${segment}.csv`)).body));
    return { datasets, expected: { engaged: await keys('engaged'), dormant: await keys('dormant'), new_pros: await keys('new_pros') } };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const minus = (a: Set<string>, b: Set<string>) => [...a].filter((k) => !b.has(k));

/** What the receiver applied of one run's change batches. */
function appliedChanges(suite: Suite, runId: string) {
  const batches = [...suite.receiver.changes].filter(([key]) => key.startsWith(`${runId}:out_hook:`)).map(([, c]) => c);
  return { entered: batches.flatMap((b) => b.entered.map((r) => String(r.customer_id))), exited: batches.flatMap((b) => b.exited.map(String)) };
}

/** Changes lost and applied twice against what should have been sent (entered, exited). */
export function compareChanges(got: { entered: string[]; exited: string[] }, want: { entered: string[]; exited: string[] }) {
  const count = (list: string[]) => list.length - new Set(list).size;
  const lost = minus(new Set(want.entered), new Set(got.entered)).length + minus(new Set(want.exited), new Set(got.exited)).length;
  const extra = minus(new Set(got.entered), new Set(want.entered)).length + minus(new Set(got.exited), new Set(want.exited)).length;
  return { lost, extra, duplicated: count(got.entered) + count(got.exited) };
}

/**
 * A change-only trial: a published run over the first data (everyone enters),
 * the data changed, a second run killed with `kill -9` at a seeded point
 * (a webhook POST of its changes, or an event), a restart, and the checks:
 * the receiver, applying entered and exited, and the table end equal to the
 * segment; the second run's changes are exactly the set difference, none lost
 * or applied twice.
 */
export async function changeTrial(suite: Suite, changed: { datasets: string; expected: ExpectedSegments }, ref: Reference, trial: number): Promise<Outcome> {
  const dir = dataDir(suite, `changes-${trial}`);
  const table = `fault_c${trial}`;
  let server: ServerProcess = await startServer(dir);
  const problems: string[] = [];
  const a = { engaged: new Set(suite.expected.engaged), dormant: new Set(suite.expected.dormant) };
  const b = { engaged: new Set(changed.expected.engaged), dormant: new Set(changed.expected.dormant) };
  const want = { entered: minus(b.engaged, a.engaged), exited: minus(a.engaged, b.engaged) };
  const posts = Math.ceil(want.entered.length / 250) + Math.ceil(want.exited.length / 250);
  const byRequest = trial % 2 === 1;
  const at = 1 + Math.floor(suite.random() * Math.max(1, byRequest ? posts : ref.events - 1));
  const point = (['before-apply', 'after-apply', 'after-answer'] as const)[Math.floor(suite.random() * 3)];
  const plan = byRequest ? `at change POST ${at} of ${posts} (${point})` : `at event ${at}`;
  try {
    const workflowId = await publishChanges(suite, server.api, table);
    const first = await startRun(server.api, workflowId, 1);
    const one = await waitForRun(server.api, first);
    if (one.status !== 'succeeded') problems.push(`the first run ended ${one.status}`);
    const firstApplied = appliedChanges(suite, first);
    const initial = compareChanges(firstApplied, { entered: [...a.engaged], exited: [] });
    if (initial.lost || initial.extra || initial.duplicated) problems.push(`the first run's changes: ${JSON.stringify(initial)}`);

    for (const file of ['customers.parquet', 'events.parquet']) cpSync(join(changed.datasets, file), join(dir, 'datasets', file));
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      server.kill();
    };
    let runId = '';
    let n = 0;
    if (byRequest)
      suite.answer((r) => {
        if (r.runId !== runId || ++n !== at) return 'ok';
        if (point === 'after-answer') {
          setImmediate(kill);
          return 'ok';
        }
        kill();
        return point === 'after-apply' ? 'apply-then-drop' : 'hang';
      });
    runId = await startRun(server.api, workflowId, 1);
    let seen = 0;
    await followEvents(server, runId, 0, () => {
      if (!byRequest && ++seen === at) kill();
    });
    suite.answer(() => 'ok');
    const wasKilled = killed;
    kill();
    await server.exited;
    server = await startServer(dir);
    const two = await waitForRun(server.api, runId);
    if (two.status !== 'succeeded') problems.push(`the changed run ended ${two.status}: ${JSON.stringify(two.nodes)}`);

    const expectedB = { ...suite.expected, ...changed.expected };
    // The download first: a long synchronous check (psql) lets the server close an idle kept-alive connection.
    problems.push(...(await checkFile(server.api, runId, expectedB)).problems);
    const got = appliedChanges(suite, runId);
    const diff = compareChanges(got, want);
    if (diff.lost || diff.extra || diff.duplicated) problems.push(`the changed run's changes against the set difference: ${diff.lost} lost, ${diff.extra} extra, ${diff.duplicated} applied twice`);
    const gone = new Set(got.exited);
    const members = new Set([...firstApplied.entered, ...got.entered].filter((k) => !gone.has(k)));
    const off = minus(members, b.engaged).length + minus(b.engaged, members).length;
    if (off) problems.push(`the receiver's members differ from the segment by ${off}`);
    const counts = two.segments?.engaged;
    if (counts?.entered !== want.entered.length || counts?.exited !== want.exited.length)
      problems.push(`the run says ${counts?.entered} entered, ${counts?.exited} exited; the difference is ${want.entered.length} and ${want.exited.length}`);
    problems.push(...checkTable(suite.pg, table, expectedB).problems);
    return {
      name: `changes trial ${trial}: kill -9 ${plan}${wasKilled ? '' : ' (the run finished before the kill point)'}; ${want.entered.length} entered, ${want.exited.length} exited`,
      problems,
      figures: { changeTrials: 1, changesSent: want.entered.length + want.exited.length, changesLost: diff.lost + diff.extra, changesDuplicated: diff.duplicated },
    };
  } catch (e) {
    throw new Error(`${(e as Error).message} (${String((e as { cause?: Error }).cause?.message ?? '')}) at ${(e as Error).stack}\nserver output:\n${server.output().slice(-3000)}`, { cause: e });
  } finally {
    suite.answer(() => 'ok');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
