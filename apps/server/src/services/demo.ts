import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { demoWorkflows, generateDataset, parseWorkflow } from '@segflow/engine/node';
import type { WorkflowStore } from '../store/workflows.store.ts';
import type { VersionStore } from '../store/versions.store.ts';
import type { DocumentCheck } from './check-document.ts';

export type DemoStatus = 'off' | 'generating' | 'ready' | 'failed';

export interface DemoSeederOptions {
  enabled: boolean;
  customers: number;
  datasets: string;
  meta: { get(key: string): string | undefined; set(key: string, value: string): void };
  workflows: WorkflowStore;
  versions: VersionStore;
  check: (document: unknown) => Promise<DocumentCheck>;
  logger: Logger;
  /** False once the app is closing: the seeder must not touch a closed database. */
  alive: () => boolean;
}

/**
 * First start on an empty data directory: generate demo customers and events,
 * then add the three example workflows, each published as version 1. It runs in
 * the background (health says 'generating'); the steps are recorded in `meta`,
 * so a restart mid-way finishes the job and a finished demo is never redone
 * (deleting the demo workflows keeps them deleted).
 */
export function demoSeeder(o: DemoSeederOptions) {
  const step = o.meta.get('demo');
  const wanted = o.enabled && step !== 'ready' && (step !== undefined || o.workflows.list().length === 0);
  let status: DemoStatus = wanted ? 'generating' : o.enabled && step === 'ready' ? 'ready' : 'off';
  let failure: string | undefined;

  async function seed() {
    const haveData = step === 'data' && ['customers.parquet', 'events.parquet'].every((f) => existsSync(join(o.datasets, f)));
    if (!haveData) {
      o.meta.set('demo', 'generating');
      o.logger.info({ customers: o.customers }, 'generating demo data');
      await generateDataset({ customers: o.customers, outDir: o.datasets });
      if (!o.alive()) return;
      o.meta.set('demo', 'data');
    }
    for (const written of demoWorkflows({ customers: 'customers.parquet', events: 'events.parquet', outputs: '.' })) {
      const parsed = parseWorkflow(written);
      if (!parsed.ok) throw new Error(`demo workflow ${written.name} is not a workflow document: ${parsed.problems[0].message}`);
      const document = parsed.workflow;
      const workflow = o.workflows.create({ name: document.name || 'Demo', document });
      const check = await o.check(document);
      if (!o.alive()) return;
      if (check.ok) {
        const version = o.versions.create(workflow.id, document, 'Demo workflow');
        o.workflows.setPublished(workflow.id, version.n);
      } else o.logger.warn({ workflow: document.name, problems: check.problems }, 'demo workflow has problems; left as a draft');
    }
    o.meta.set('demo', 'ready');
    o.logger.info('demo ready');
  }

  const ready = wanted
    ? seed().then(
        () => void (status = 'ready'),
        (err: unknown) => {
          status = 'failed';
          failure = (err as Error).message;
          if (o.alive()) o.logger.error({ err }, 'demo generation failed');
        },
      )
    : Promise.resolve();

  return { ready, status: () => status, failure: () => failure };
}

export type DemoSeeder = ReturnType<typeof demoSeeder>;
