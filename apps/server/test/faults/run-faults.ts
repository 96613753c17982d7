/**
 * The fault suite (`pnpm test:faults [--trials N] [--change-trials N] [--seed S] [--customers N] [--only changes|workers]`):
 * a real server process over generated data, a loopback webhook receiver and a
 * throwaway PostgreSQL, then
 *  - N trials of `kill -9` of the server at seeded points of a multi-branch run
 *    of a published version, a restart, and checks once the run has finished:
 *    every webhook batch applied once, the table exactly the segment, the run
 *    succeeded, its event log whole;
 *  - `--change-trials` N (default 3) trials of a change-only delivery: a run over
 *    the data, the data changed, a second run killed with `kill -9` while it
 *    delivers the changes, a restart; the receiver (applying entered and exited)
 *    and the table end equal to the segment, the changes exactly the set
 *    difference, none lost or applied twice;
 *  - the receiver answering 500, 429 + Retry-After, hanging, resetting,
 *    dropping after applying, failing for good, refusing with 400;
 *  - a database that hangs up during start-up or never answers: the run ends
 *    at the deadline, or at once when cancelled;
 *  - queue mode: a throwaway Redis, one server and two worker processes; the
 *    worker running the run is killed with `kill -9`, the other resumes it and
 *    the same checks as a kill trial's hold.
 * Prints the figures at the end; exits 1 when any check failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset } from '@segflow/engine/node';
import { startReceiver, type ReceivedRequest, type ReceiverAction } from '../../../../packages/engine/test/destinations/receiver.ts';
import { add, emptyFigures } from './check-run.ts';
import { killTrial, reference, type Outcome } from './kill-trials.ts';
import { startPostgres } from './postgres.ts';
import { databaseFaults } from './database-faults.ts';
import { changedData, changeTrial } from './change-faults.ts';
import { receiverFaults } from './receiver-faults.ts';
import { coordinatorLossTrial, workerLossTrial } from './worker-faults.ts';
import { mulberry32, type Suite } from './suite.ts';

const { values } = parseArgs({
  options: { trials: { type: 'string', default: '5' }, 'change-trials': { type: 'string', default: '3' }, seed: { type: 'string', default: '6' }, customers: { type: 'string', default: '50000' }, only: { type: 'string', default: 'all' } },
});
const trials = Number(values.trials);
const seed = Number(values.seed);
const changeTrials = Number(values['change-trials']);
if (!Number.isInteger(trials) || trials < 1 || !Number.isInteger(seed) || !Number.isInteger(changeTrials) || changeTrials < 1) {
  process.stderr.write('usage: run-faults.ts [--trials N] [--change-trials N] [--seed S] [--customers N] [--only changes|workers]\n');
  process.exit(2);
}

const started = Date.now();
const log = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const work = mkdtempSync(join(tmpdir(), 'segflow-faults-'));
const pg = startPostgres();
let script: (request: ReceivedRequest) => ReceiverAction = () => 'ok';
const receiver = await startReceiver((r) => script(r));
const outcomes: Outcome[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    pg.stop();
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
const report = (outcome: Outcome) => {
  outcomes.push(outcome);
  log(`${outcome.problems.length ? 'FAIL' : 'ok  '} ${outcome.name} (${elapsed()})${outcome.problems.map((p) => `\n       ${p}`).join('')}`);
};

try {
  log(`fault suite: ${trials} kill -9 trials, seed ${seed}, ${values.customers} customers, postgres at ${pg.url}, receiver at ${receiver.url}`);
  const datasets = join(work, 'datasets');
  await generateDataset({ customers: Number(values.customers), outDir: datasets, seed: 7 });
  const base = { work, datasets, receiver, pg, random: mulberry32(seed), log, answer: (s: typeof script) => void (script = s) };
  const ref = await reference(base);
  const suite: Suite = { ...base, expected: ref.expected };
  log(`segments: engaged ${ref.expected.engaged.length} (webhook), dormant ${ref.expected.dormant.length} (postgres), new_pros ${ref.expected.new_pros.length} (csv); ` +
    `a run: ${ref.reference.events} events, ${ref.reference.requests} webhook POSTs, ${ref.reference.ms} ms`);
  report(ref.outcome);

  const all = values.only === 'all';
  for (let trial = 1; all && trial <= trials; trial++)
    report(await killTrial(suite, ref.reference, trial).catch((e: Error): Outcome => ({ name: `trial ${trial}`, problems: [`crashed: ${e.stack ?? e.message}`], figures: {} })));
  if (all || values.only === 'workers')
  for (const trial of [workerLossTrial, coordinatorLossTrial])
    report(await trial(suite).catch((e: Error): Outcome => ({ name: 'workers', problems: [`crashed: ${e.stack ?? e.message}`], figures: {} })));
  if (all || values.only === 'changes') {
    const changed = await changedData(suite, Number(values.customers));
    log(`changed data: engaged ${changed.expected.engaged.length}, dormant ${changed.expected.dormant.length}`);
    for (let trial = 1; trial <= changeTrials; trial++)
      report(await changeTrial(suite, changed, ref.reference, trial).catch((e: Error): Outcome => ({ name: `changes trial ${trial}`, problems: [`crashed: ${e.stack ?? e.message}`], figures: {} })));
  }
  if (all) for (const outcome of await receiverFaults(suite)) outcomes.push(outcome);
  if (all) for (const outcome of await databaseFaults(suite)) outcomes.push(outcome);
} finally {
  await receiver.close();
  pg.stop();
  rmSync(work, { recursive: true, force: true });
}

const kill = emptyFigures();
for (const o of outcomes) if (o.name.startsWith('trial') || o.name.startsWith('changes trial') || o.name.startsWith('workers')) add(kill, o.figures);
const failed = outcomes.filter((o) => o.problems.length);
log('');
log('fault suite figures');
log(`  kill -9 trials ${kill.trials} (seed ${seed}; two of queue workers), kills ${kill.kills}, runs resumed ${kill.runsResumed}`);
log(`  webhook batches ${kill.batches}, applied ${kill.batchesApplied}, lost ${kill.batchesLost}; members lost ${kill.rowsLost}, duplicated ${kill.rowsDuplicated}; ` +
  `POSTs of an applied batch (de-duplicated by Idempotency-Key) ${kill.batchesResent}, POSTs repeated in all ${kill.postsRepeated}`);
log(`  queue worker trial: steps executed as tasks ${kill.tasks}, executed twice ${kill.tasksRerun} (the steps the killed worker held)`);
log(`  change-only kill -9 trials ${kill.changeTrials}: changes to send ${kill.changesSent}, lost ${kill.changesLost}, applied twice ${kill.changesDuplicated}`);
log(`  postgres table rows ${kill.tableRows} vs segment ${kill.tableSegment} (missing ${kill.tableMissing}, extra ${kill.tableExtra}); csv rows ${kill.fileRows} vs segment ${kill.fileSegment}`);
for (const kind of ['receiver', 'database'])
  log(`  ${kind} faults ${outcomes.filter((o) => o.name.startsWith(kind)).length} scenarios, ${outcomes.filter((o) => o.name.startsWith(kind) && o.problems.length).length} failed`);
log(`  ${failed.length ? `FAILED: ${failed.length} of ${outcomes.length} checks` : `all ${outcomes.length} checks passed`} in ${elapsed()}`);
process.exit(failed.length ? 1 : 0);
