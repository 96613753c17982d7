import { Router } from 'express';
import type { AppContext } from '../context.ts';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const failure = ctx.demo.failure();
    res.json({ ok: true, demo: ctx.demo.status(), ...(failure ? { demoError: failure } : {}), runs: ctx.runService.counts() });
  });
  return router;
}
