import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Receiver, ReceivedRequest, ReceiverAction } from '../../../../packages/engine/test/destinations/receiver.ts';
import { faultWorkflow, type ExpectedSegments } from './fault-workflow.ts';
import type { Postgres } from './postgres.ts';
import { startServerProcess, type Api, type ServerProcess } from './server-process.ts';

/** What every part of the suite shares. */
export interface Suite {
  work: string;
  /** The generated customers.parquet and events.parquet. */
  datasets: string;
  receiver: Receiver;
  /** How the receiver answers from now on. */
  answer(script: (request: ReceivedRequest) => ReceiverAction): void;
  pg: Postgres;
  expected: ExpectedSegments;
  random: () => number;
  log(line: string): void;
}

/** A small seeded generator, so a failing trial can be replayed with --seed. */
export function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SERVER_ENV = { SEGFLOW_WEBHOOK_ALLOW: '127.0.0.1/32' };

/** A fresh data directory holding the generated datasets. */
export function dataDir(suite: Pick<Suite, 'work' | 'datasets'>, name: string): string {
  const dir = join(suite.work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'datasets'), { recursive: true });
  for (const file of ['customers.parquet', 'events.parquet']) cpSync(join(suite.datasets, file), join(dir, 'datasets', file));
  return dir;
}

export const startServer = (dir: string): Promise<ServerProcess> => startServerProcess(dir, SERVER_ENV);

/** Creates the fault workflow (its postgres table named `table`) and publishes it as version 1. */
export async function publishedWorkflow(suite: Pick<Suite, 'receiver' | 'pg'>, api: Api, table: string): Promise<string> {
  const document = faultWorkflow({ webhookUrl: suite.receiver.url, postgresUrl: suite.pg.url, table });
  const created = await api.request('POST', '/api/workflows', { document });
  if (created.status !== 201) throw new Error(`creating the workflow: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await api.request('POST', `/api/workflows/${created.body.id}/publish`, { note: 'fault suite' });
  if (published.status !== 201) throw new Error(`publishing: ${published.status} ${JSON.stringify(published.body)}`);
  return created.body.id;
}

export async function startRun(api: Api, workflowId: string, version?: number): Promise<string> {
  const started = await api.request('POST', `/api/workflows/${workflowId}/runs`, version ? { version } : {});
  if (started.status !== 202) throw new Error(`starting a run: ${started.status} ${JSON.stringify(started.body)}`);
  return started.body.runId;
}
