import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { bodyKey, rawBody, restoreRawBody } from '../http/json-body.ts';
import { documentIn, documentSchema, parseWith } from '../http/parse.ts';
import { HttpError } from '../http/errors.ts';
import type { ResponseOf } from '@segflow/contract';
import type { DocumentCheck } from '../services/check-document.ts';

/** The document's problems as the engine and the server see them; 200 either way (reporting is the job). */
export function validateRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/validate', async (req, res) => {
    // The same bytes as a request answered a moment ago: the same answer, without even parsing them.
    // A thread's answer to bytes never seen lately is not kept, so they are not hashed for it (see services/body-sightings.ts).
    const raw = rawBody(req);
    const key = raw && ctx.check.seenBefore(raw) ? bodyKey(req) : undefined;
    const known = key ? ctx.check.remembered(key) : undefined;
    if (known) return void res.json(answer(known));
    // Checked on another core when a thread can give the answer this thread would (see check-threads/pool.ts).
    if (raw) {
      const threaded = await ctx.check.inThread(raw, key);
      if (threaded.check) return void res.json(answer(threaded.check));
      // The thread may have had the body's memory: its bytes are the ones it gave back, if it did not stop first.
      if (!threaded.body) throw new HttpError(503, 'busy', CHECK_INTERRUPTED);
      restoreRawBody(req, threaded.body);
    }
    res.json(answer(await ctx.check(documentIn(parseWith(documentSchema, req.body, 'body')), key ?? bodyKey(req))));
  });
  return router;
}

/** A check thread stopped while it held the body: asked again, the body is checked (the 503 comes with Retry-After). */
export const CHECK_INTERRUPTED = 'Segflow was interrupted while it checked this workflow; try again in a moment.';

const answer = ({ ok, problems, sources }: DocumentCheck) => ({ ok, problems, sources }) satisfies ResponseOf<'POST /api/validate', 200>;
