import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { parseWith } from '../http/parse.ts';
import { auditQuery, type ResponseOf } from '@segflow/contract';

/** The audit log, newest first, a page at a time: `?before=` the `next` of the previous page. */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/audit', (req, res) => {
    const { limit, before } = parseWith(auditQuery, req.query, 'query');
    const entries = ctx.auth.audit.list(limit, before);
    res.json({ entries, next: entries.length === limit ? entries.at(-1)!.seq : null } satisfies ResponseOf<'GET /api/audit', 200>);
  });
  return router;
}
