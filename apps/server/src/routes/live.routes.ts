import { Router } from 'express';
import { z } from 'zod';
import { idParams, ingestBody, liveBody, type ResponseOf } from '@segflow/contract';
import type { AppContext } from '../context.ts';
import { signedIn } from '../auth/guard.ts';
import { parseWith } from '../http/parse.ts';
import { openSse } from '../sse/sse-stream.ts';
import { publicChange } from '../live/live-delivery.ts';
import type { LiveService } from '../live/live-service.ts';
import { workflowOr404 } from './lookups.ts';

const cursor = z.coerce.number().int().min(0);
/** Stored changes a reconnecting stream is sent per read, before it follows new ones. */
const REPLAY_PAGE = 1000;

/** Live audiences (issue #17): the real-time flag, ingest, the membership stream and reconciles. */
export function liveRoutes(ctx: AppContext, live: LiveService): Router {
  const router = Router();

  router.get('/workflows/:id/live', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    workflowOr404(ctx, id);
    res.json((await live.status(id)) satisfies ResponseOf<'GET /api/workflows/:id/live', 200>);
  });

  router.put('/workflows/:id/live', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const { enabled } = parseWith(liveBody, req.body ?? {}, 'body');
    workflowOr404(ctx, id);
    res.json((await live.setEnabled(id, enabled, signedIn(req).user.id)) satisfies ResponseOf<'PUT /api/workflows/:id/live', 200>);
  });

  router.post('/events', async (req, res) => {
    const body = parseWith(ingestBody, req.body ?? {}, 'body');
    res.json((await live.ingest(body)) satisfies ResponseOf<'POST /api/events', 200>);
  });

  router.post('/workflows/:id/reconcile', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    workflowOr404(ctx, id);
    res.json((await live.reconcile(id, 'request')) satisfies ResponseOf<'POST /api/workflows/:id/reconcile', 200>);
  });

  router.get('/workflows/:id/membership/stream', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const lastEventId = req.get('last-event-id');
    let after = parseWith(cursor, lastEventId ?? (req.query as { after?: unknown }).after ?? 0, lastEventId ? 'params' : 'query');
    workflowOr404(ctx, id);
    let unsubscribe: (() => void) | undefined;
    const stream = openSse(res, ctx.config.heartbeatMs, () => unsubscribe?.());
    // Stored changes after the last one sent, whoever stored them: reading happens on this thread, so none falls between.
    const sendStored = () => {
      for (;;) {
        if (stream.closed) return;
        const page = live.store.changesAfter(id, after, REPLAY_PAGE);
        for (const change of page) stream.send(change.seq, publicChange(change));
        if (page.length) after = page[page.length - 1].seq;
        if (page.length < REPLAY_PAGE) return;
      }
    };
    sendStored();
    unsubscribe = live.hub.subscribe(id, sendStored);
    if (stream.closed) unsubscribe();
  });

  return router;
}
