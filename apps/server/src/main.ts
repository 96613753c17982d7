import { createApp } from './app.ts';
import { checkThreadsFromEnv, dataDirFromEnv } from './config.ts';
import { accessFromEnv, signInHint } from './auth/access-from-env.ts';
import { parseDestinationAllowList } from './services/destination-allow-list.ts';
import { budgetFromEnv } from './services/memory/budget.ts';
import { listen } from './http/http-server.ts';

/** `pnpm serve`: the server on PORT (8080) with its data under SEGFLOW_DATA_DIR (./data). */
const port = Number(process.env.PORT ?? 8080);
const dataDir = dataDirFromEnv();
const demo = process.env.SEGFLOW_DEMO !== 'off';

let segflow: ReturnType<typeof createApp>;
try {
  segflow = createApp({ dataDir, demo, ...accessFromEnv(), ...budgetFromEnv(), ...checkThreadsFromEnv(), webhookAllowList: parseDestinationAllowList(process.env), secretKey: process.env.SEGFLOW_SECRET_KEY, alertWebhook: process.env.SEGFLOW_ALERT_WEBHOOK || null, redisUrl: process.env.SEGFLOW_REDIS_URL || null });
} catch (e) {
  process.stderr.write(`segflow: ${(e as Error).message}\n`);
  process.exit(1);
}
const { app, close, context, firstAccess } = segflow;
// A listen error comes to this callback too.
const server = listen(app, port, (err?: Error) => {
  if (err) {
    context.logger.error({ err }, `cannot listen on port ${port}`);
    void close().finally(() => process.exit(1));
    return;
  }
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  context.logger.info({ dataDir, demo: context.demo.status() }, 'segflow server started');
  // Ready before the first editor checks a document, not started by it.
  void context.check.startThreads();
  process.stdout.write(`\nSegflow is running at http://localhost:${actual}\n${signInHint(firstAccess, `http://localhost:${actual}`)}${context.demo.status() === 'generating' ? 'Generating the demo data in the background; /api/health says when it is ready.\n' : ''}\n`);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  context.logger.info({ signal }, 'stopping');
  server.close();
  server.closeAllConnections();
  await close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
