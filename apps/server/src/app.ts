import { rmSync, mkdirSync } from 'node:fs';
import express, { type Express } from 'express';
import type { AppConfig } from './config.ts';
import { resolveConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { apiNotFound, errorHandler, requireJsonBody, requestLog } from './http/error-handler.ts';
import { compareRoutes } from './routes/compare.routes.ts';
import { datasetRoutes } from './routes/datasets.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { previewRoutes } from './routes/preview.routes.ts';
import { runRoutes } from './routes/runs.routes.ts';
import { validateRoutes } from './routes/validate.routes.ts';
import { versionRoutes } from './routes/versions.routes.ts';
import { serveWebApp } from './routes/web-app.ts';
import { workflowRoutes } from './routes/workflows.routes.ts';
import { checkDocument } from './services/check-document.ts';
import { dataPaths } from './services/data-paths.ts';
import { lockDataDir } from './services/data-lock.ts';
import { datasetService } from './services/datasets.ts';
import { demoSeeder } from './services/demo.ts';
import { sharedDuckDb } from './services/duckdb.ts';
import { previewService } from './services/preview-service.ts';
import { RunService } from './services/run-service.ts';
import { runEventHub } from './sse/run-event-hub.ts';
import { metaStore, openStore } from './store/database.ts';
import { runStore } from './store/runs.store.ts';
import { versionStore } from './store/versions.store.ts';
import { workflowStore } from './store/workflows.store.ts';

export interface SegflowApp {
  app: Express;
  /** Settles when first-start work (the demo) is done; the app serves before that. */
  ready: Promise<void>;
  context: AppContext;
  /** Cancels running runs, closes databases. The HTTP server is the caller's to close. */
  close(): Promise<void>;
}

/**
 * Builds the server without listening, so tests start real servers on port 0
 * and main.ts picks the port.
 * @example
 *   const { app, close } = createApp({ dataDir: './data' });
 *   const server = app.listen(8080);
 */
export function createApp(options: AppConfig): SegflowApp {
  const config = resolveConfig(options);
  const { logger } = config;
  const paths = dataPaths(config.dataDir);
  const unlock = lockDataDir(paths.root);
  // Leftovers of uploads and downloads a previous process did not finish.
  rmSync(paths.tmp, { recursive: true, force: true });
  mkdirSync(paths.tmp, { recursive: true });

  const db = openStore(paths.database);
  let alive = true;
  const workflows = workflowStore(db);
  const versions = versionStore(db);
  const runs = runStore(db);
  const hub = runEventHub();
  const duckdb = sharedDuckDb();
  const check = (document: unknown) => checkDocument(document, { duckdb, datasets: paths.datasets, outputs: paths.outputs });
  const runService = new RunService({ runs, hub, paths, maxConcurrentRuns: config.maxConcurrentRuns, retainRuns: config.retainRuns, logger });
  const interrupted = runService.recoverInterrupted();
  if (interrupted) logger.warn({ runs: interrupted }, 'marked runs interrupted by a stop as failed');

  const context: AppContext = {
    config, logger, paths, workflows, versions, runs, runService, hub, duckdb, check,
    datasets: datasetService({ duckdb, dir: paths.datasets }),
    previews: previewService({ paths, logger }),
    demo: demoSeeder({
      enabled: config.demo, customers: config.demoCustomers, datasets: paths.datasets, meta: metaStore(db),
      workflows, versions, check, logger, alive: () => alive,
    }),
  };

  const app = express();
  app.disable('x-powered-by');
  // DuckDB can hand back BIGINTs; JSON has no such thing.
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
  app.use(requestLog(logger));
  app.use('/api', requireJsonBody, express.json({ limit: config.bodyLimit }));
  for (const routes of [healthRoutes, validateRoutes, workflowRoutes, versionRoutes, runRoutes, previewRoutes, compareRoutes, datasetRoutes])
    app.use('/api', routes(context));
  app.use('/api', apiNotFound);
  if (config.webDir) serveWebApp(app, config.webDir);
  app.use(errorHandler(logger, config.bodyLimit));

  return {
    app,
    ready: context.demo.ready,
    context,
    async close() {
      if (!alive) return;
      alive = false;
      await runService.close();
      await context.previews.close();
      await duckdb.close();
      db.close();
      unlock();
    },
  };
}
