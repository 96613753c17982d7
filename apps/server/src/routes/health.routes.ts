import { Router } from 'express';
import type { AppContext } from '../context.ts';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const failure = ctx.demo.failure();
    const { budget } = ctx.config;
    res.json({
      ok: true, demo: ctx.demo.status(), ...(failure ? { demoError: failure } : {}), runs: ctx.runService.counts(),
      memory: { limitBytes: budget.bytes, threads: budget.threads, previews: ctx.previews.counts() },
    });
  });
  return router;
}
