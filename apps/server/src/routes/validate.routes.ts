import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { bodyKey, rawBody } from '../http/json-body.ts';
import { documentIn, documentSchema, parseWith } from '../http/parse.ts';
import type { ResponseOf } from '@segflow/contract';
import type { DocumentCheck } from '../services/check-document.ts';

/** The document's problems as the engine and the server see them; 200 either way (reporting is the job). */
export function validateRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/validate', async (req, res) => {
    // The same bytes as a request answered a moment ago: the same answer, without even parsing them.
    const key = bodyKey(req);
    const known = key ? ctx.check.remembered(key) : undefined;
    if (known) return void res.json(answer(known));
    // Checked on another core when a thread can give the answer this thread would (see check-threads/pool.ts).
    const raw = rawBody(req);
    const threaded = raw && key ? await ctx.check.inThread(raw, key) : undefined;
    if (threaded) return void res.json(answer(threaded));
    res.json(answer(await ctx.check(documentIn(parseWith(documentSchema, req.body, 'body')), key)));
  });
  return router;
}

const answer = ({ ok, problems, sources }: DocumentCheck) => ({ ok, problems, sources }) satisfies ResponseOf<'POST /api/validate', 200>;
