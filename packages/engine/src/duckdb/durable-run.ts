import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { reduceRunEvents, initialRunState } from '../run/reduce-run-event.ts';
import type { RunEvent } from '../run/run-events.ts';
import { readLines } from './read-lines.ts';
import { openDatabase } from './database.ts';
import { fileLedger } from '../destinations/ledger.ts';
import { folderSnapshots } from '../destinations/folder-snapshots.ts';
import { runWorkflow, type RunWorkflowOptions, type RunWorkflowResult } from './run-workflow.ts';

/**
 * Runs that survive a crash, for the CLI: each run keeps, under
 * `<stateDir>/runs/<runId>/`, the document it ran, its events (appended and
 * synced to disk before anyone is told of them) and its node results in a
 * DuckDB file. Resuming reruns only what did not finish.
 */
export interface DurableRunOptions extends Omit<RunWorkflowOptions, 'database' | 'resume' | 'runId'> {
  stateDir: string;
}

export const runDir = (stateDir: string, runId: string) => join(stateDir, 'runs', runId);

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

function eventWriter(dir: string, forward?: (e: RunEvent) => void) {
  const fd = openSync(join(dir, 'events.ndjson'), 'a');
  return {
    write(event: RunEvent) {
      writeSync(fd, `${JSON.stringify(event)}\n`);
      fsyncSync(fd);
      forward?.(event);
    },
    close: () => closeSync(fd),
  };
}

export const readRunEvents = (dir: string): RunEvent[] => readLines<RunEvent>(join(dir, 'events.ndjson'));


async function execute(dir: string, document: unknown, options: DurableRunOptions, extra: Partial<RunWorkflowOptions>): Promise<RunWorkflowResult> {
  const database = await openDatabase(join(dir, 'results.duckdb'));
  const events = eventWriter(dir, options.onEvent);
  let result: RunWorkflowResult;
  try {
    // One ledger per state folder: a resumed run skips every batch it delivered before.
    const ledger = options.ledger ?? fileLedger(join(options.stateDir, 'deliveries.ndjson'));
    // Runs that deliver keep their members' keys beside the ledger: change-only destinations diff against them.
    const snapshots = options.snapshots ?? (options.remote ? folderSnapshots(join(options.stateDir, 'snapshots'), ledger) : undefined);
    result = await runWorkflow(document, { ...options, ...extra, database, ledger, snapshots, onEvent: events.write });
  } finally {
    events.close();
    database.close();
  }
  // A finished run has nothing left to resume: its node tables only cost disk.
  if (result.state?.status === 'succeeded') for (const f of ['results.duckdb', 'results.duckdb.wal']) rmSync(join(dir, f), { force: true });
  return result;
}

/** A run id that sorts by start time. */
export const newRunId = () => `run-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 6)}`;

export async function startDurableRun(document: unknown, options: DurableRunOptions & { runId?: string }): Promise<RunWorkflowResult & { runId: string }> {
  const runId = options.runId ?? newRunId();
  if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${runId}`);
  const dir = runDir(options.stateDir, runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'document.json'), JSON.stringify(document));
  return { ...(await execute(dir, document, options, { runId })), runId };
}

/** Picks a run up where it stopped: finished nodes are reused, delivered outputs are not delivered again. */
export async function resumeDurableRun(runId: string, options: DurableRunOptions): Promise<RunWorkflowResult & { runId: string }> {
  if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${runId}`);
  const dir = runDir(options.stateDir, runId);
  if (!existsSync(join(dir, 'document.json'))) throw new Error(`no run ${runId} in ${options.stateDir}`);
  const document = JSON.parse(readFileSync(join(dir, 'document.json'), 'utf8'));
  const state = reduceRunEvents(readRunEvents(dir), initialRunState(runId));
  if (!state.mode) return { ...(await execute(dir, document, options, { runId })), runId };
  return { ...(await execute(dir, document, options, { resume: state })), runId };
}
