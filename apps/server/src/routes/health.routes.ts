import { Router } from 'express';
import type { AppContext } from '../context.ts';
import type { ResponseOf } from '@segflow/contract';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const failure = ctx.demo.failure();
    res.json({ ok: true as const, demo: ctx.demo.status(), ...(failure ? { demoError: failure } : {}), runs: ctx.runService.counts() } satisfies ResponseOf<'GET /api/health', 200>);
  });
  return router;
}
