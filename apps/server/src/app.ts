import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { removePartialFiles } from '@segflow/engine/node';
import type { AppConfig } from './config.ts';
import { resolveConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { apiNotFound, errorHandler, requireJsonBody, requestLog } from './http/error-handler.ts';
import { messageReplacer } from './http/hide-data-dir.ts';
import { compareRoutes } from './routes/compare.routes.ts';
import { datasetRoutes } from './routes/datasets.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { previewRoutes } from './routes/preview.routes.ts';
import { insightRoutes } from './routes/insight.routes.ts';
import { evaluateRoutes } from './routes/evaluate.routes.ts';
import { evaluateService } from './services/evaluate-service.ts';
import { runRoutes } from './routes/runs.routes.ts';
import { validateRoutes } from './routes/validate.routes.ts';
import { versionRoutes } from './routes/versions.routes.ts';
import { serveWebApp } from './routes/web-app.ts';
import { openApiRoutes, serveApiReference } from './routes/api-reference.ts';
import { workflowRoutes } from './routes/workflows.routes.ts';
import { authService, type FirstAccess } from './auth/auth-service.ts';
import { authenticate, authorize, checkOrigin } from './auth/guard.ts';
import { securityHeaders } from './auth/security-headers.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { alertRoutes } from './routes/alerts.routes.ts';
import { historyRoutes } from './routes/history.routes.ts';
import { runCompareRoutes } from './routes/run-compare.routes.ts';
import { scheduleRoutes } from './routes/schedules.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { tokenRoutes } from './routes/tokens.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { credentialRoutes } from './routes/credentials.routes.ts';
import { suppressionRoutes } from './routes/suppression.routes.ts';
import { dryRunRoutes } from './routes/dry-run.routes.ts';
import { suppressionStore } from './store/suppression.store.ts';
import { suppressionLists } from './services/suppression-lists.ts';
import { loadSecretKey, secretBox } from './credentials/secret-box.ts';
import { credentialStore } from './store/credentials.store.ts';
import { documentChecker } from './services/check-document.ts';
import { lazyJsonBody } from './http/json-body.ts';
import { dataPaths } from './services/data-paths.ts';
import { lockDataDir } from './services/data-lock.ts';
import { datasetService } from './services/datasets.ts';
import { demoSeeder } from './services/demo.ts';
import { sharedDuckDb } from './services/duckdb.ts';
import { previewService } from './services/preview-service.ts';
import { RunService } from './services/run-service.ts';
import { runEventHub } from './sse/run-event-hub.ts';
import { serverQueue } from './queue/server-queue.ts';
import { queuedPreviews } from './queue/queued-previews.ts';
import { liveRedis } from './queue/live-redis.ts';
import { observeRunFinishes } from './services/alerts/run-finishes.ts';
import { startOperations } from './services/schedules/operations.ts';
import { metaStore, openStore } from './store/database.ts';
import { runStore } from './store/runs.store.ts';
import { changeCounter } from './store/change-counter.ts';
import { versionStore } from './store/versions.store.ts';
import { workflowStore } from './store/workflows.store.ts';
import { liveService } from './live/live-service.ts';
import { liveRoutes } from './routes/live.routes.ts';

export interface SegflowApp {
  app: Express;
  /** Settles when first-start work (the demo) is done; the app serves before that. */
  ready: Promise<void>;
  context: AppContext;
  /** How the first person signs in: the admin made from `admin`, a one-time setup token, or existing accounts. */
  firstAccess: FirstAccess;
  /** Cancels running runs, closes databases. The HTTP server is the caller's to close. */
  close(): Promise<void>;
}

/**
 * Builds the server without listening, so tests start real servers on port 0
 * and main.ts picks the port.
 * @example
 *   const { app, close } = createApp({ dataDir: './data' });
 *   const server = httpServer(app).listen(8080); // http/http-server.ts
 */
export function createApp(options: AppConfig): SegflowApp {
  const config = resolveConfig(options);
  const { logger } = config;
  const paths = dataPaths(config.dataDir);
  // Queue mode: several servers share the data folder (runs are the workers', not theirs to resume).
  const unlock = config.redisUrl ? () => {} : lockDataDir(paths.root);
  let box;
  try {
    box = secretBox(loadSecretKey(paths.root, options.secretKey));
  } catch (error) {
    unlock();
    throw error;
  }
  // Leftovers of uploads and downloads a previous process did not finish, and of segment
  // files it was writing when it was killed (before any run resumes and writes again).
  // In queue mode another server's upload or a worker's segment file may be in progress there.
  if (!config.redisUrl) {
    rmSync(paths.tmp, { recursive: true, force: true });
    removePartialFiles(paths.outputs);
  }
  mkdirSync(paths.tmp, { recursive: true });

  const db = openStore(paths.database);
  const auth = authService(db, logger);
  const firstAccess = auth.firstAccess(options.admin);
  let alive = true;
  const workflows = workflowStore(db);
  const versions = versionStore(db);
  const credentials = credentialStore(db, box);
  const suppression = suppressionStore(db);
  const runs = runStore(db);
  // Alerts hear every run's end through the hub (see startOperations).
  const hub = observeRunFinishes(runEventHub());
  const queue = config.redisUrl ? serverQueue(config.redisUrl, hub, logger) : undefined;
  // One DuckDB for previews, runs and checks, within the memory budget; what does not fit spills to the data folder.
  const duckdb = sharedDuckDb({ budget: config.budget, spillDir: join(paths.root, 'duckdb-spill') });
  const addressAllowList = config.webhookAllowList;
  const check = documentChecker({
    duckdb, datasets: paths.datasets, outputs: paths.outputs, addressAllowList, hasCredential: (kind, name) => credentials.get(kind, name) !== undefined, credentials: credentials.resolver(),
    threads: config.checkThreads, logger,
  });
  const runService = new RunService({
    runs, hub, paths, maxConcurrentRuns: config.maxConcurrentRuns, retainRuns: config.retainRuns, logger, webhookAllowList: addressAllowList,
    credentials: credentials.resolver(), suppression: () => suppressionLists(suppression.list(), paths.datasets), cancelGraceMs: options.cancelGraceMs, engine: options.runEngine,
    openResults: (path) => duckdb.attach(path), dispatch: queue?.dispatch, connections: () => credentials.list('connection').map((c) => c.name),
  });
  const resumed = runService.resumeInterrupted();
  if (resumed) logger.warn({ runs: resumed }, 'resuming runs a stop or crash interrupted');

  const previews = config.redisUrl
    ? queuedPreviews(config.redisUrl, logger)
    : previewService({ paths, logger, addressAllowList, duckdb, clock: config.clock, idleMs: config.previewIdleMs, credentials: credentials.resolver() });
  const context: AppContext = {
    config, logger, paths, workflows, versions, runs, runService, hub, duckdb, check,
    auth, credentials, suppression,
    datasets: datasetService({ duckdb, dir: paths.datasets, factsFile: join(paths.cache, 'dataset-facts.json') }),
    previews,
    evaluator: evaluateService({ check, runs, previews, versions, workflows, changes: changeCounter(db) }),
    demo: demoSeeder({
      enabled: config.demo, customers: config.demoCustomers, datasets: paths.datasets, meta: metaStore(db),
      workflows, versions, check, logger, alive: () => alive,
    }),
  };

  const app = express();
  app.disable('x-powered-by');
  // DuckDB can hand back BIGINTs; JSON has no such thing. Messages never say where the server keeps its files.
  const hideInMessage = messageReplacer(paths.root);
  app.set('json replacer', (key: string, value: unknown) => (typeof value === 'bigint' ? Number(value) : hideInMessage(key, value)));
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  app.use(requestLog(logger));
  // Who is asking before what they send: without a session a request is refused before its body is read.
  app.use('/api', checkOrigin(config.publicOrigin, config.allowedOrigins), authenticate(auth));
  app.use('/api', requireJsonBody, lazyJsonBody(app, config.bodyLimit));
  // The policy table: every route's role, checked once for all routers (see auth/policy.ts).
  app.use('/api', authorize(context, app));
  // Evaluate and validate first: sites and editors call them many times a second, and express tries every earlier
  // router's routes in turn. No other route has their paths, so the order changes no answer.
  for (const routes of [evaluateRoutes, validateRoutes, healthRoutes, openApiRoutes, authRoutes, userRoutes, tokenRoutes, credentialRoutes, suppressionRoutes, dryRunRoutes, auditRoutes, workflowRoutes, versionRoutes, runRoutes, previewRoutes, insightRoutes, compareRoutes, datasetRoutes])
    app.use('/api', routes(context));
  // Schedules, alerts, run history and run comparison (issue 8): started after interrupted runs resumed.
  const operations = startOperations(context, db, hub, { clock: config.clock, alertWebhook: config.alertWebhook });
  for (const router of [scheduleRoutes(context, operations), alertRoutes(context, operations), historyRoutes(context, operations), runCompareRoutes(context)]) app.use('/api', router);
  // Live audiences (issue #17): real-time workflows' memberships, kept per customer as events arrive.
  // With Redis, several servers share them: streams hear of every server's changes, one server at a time delivers.
  const liveShared = config.redisUrl ? liveRedis(config.redisUrl, logger) : undefined;
  const live = liveService({ db, workflows, versions, evaluator: context.evaluator, previews, logger, allow: addressAllowList, credentials: credentials.resolver(), reconcileEveryMs: options.liveReconcileMs, redis: liveShared });
  app.use('/api', liveRoutes(context, live));
  live.start();
  app.use('/api', apiNotFound);
  serveApiReference(app);
  if (config.webDir) serveWebApp(app, config.webDir);
  app.use(errorHandler(logger, config.bodyLimit));

  return {
    app,
    ready: context.demo.ready,
    context,
    firstAccess,
    async close() {
      if (!alive) return;
      alive = false;
      await operations.close();
      live.close();
      await liveShared?.close();
      await runService.close();
      await queue?.close();
      await context.previews.close();
      await check.close();
      await duckdb.close();
      db.close();
      unlock();
    },
  };
}
