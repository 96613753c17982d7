import { Router } from 'express';
import type { AppContext } from '../context.ts';
import type { ResponseOf } from '@segflow/contract';
import { storageHealth } from '../services/storage-health.ts';

/**
 * Whether the server can do its work: 200 when it can, 503 when its data
 * folder takes no writes or its disk is full (a low disk is a warning only).
 */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const failure = ctx.demo.failure();
    const storage = await storageHealth(ctx.paths.root, { statfs: ctx.config.statfs, lowBytes: ctx.config.lowDiskBytes });
    const ok = storage.state === 'ok' || storage.state === 'low';
    const { budget } = ctx.config;
    res.status(ok ? 200 : 503).json({
      ok, demo: ctx.demo.status(), ...(failure ? { demoError: failure } : {}), runs: ctx.runService.counts(),
      storage,
      memory: { limitBytes: budget.bytes, threads: budget.threads, previews: ctx.previews.counts() },
    } satisfies ResponseOf<'GET /api/health', 200 | 503>);
  });
  return router;
}
