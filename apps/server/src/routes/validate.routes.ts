import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { bodyKey } from '../http/json-body.ts';
import { documentSchema, parseWith } from '../http/parse.ts';
import type { ResponseOf } from '@segflow/contract';

/** The document's problems as the engine and the server see them; 200 either way (reporting is the job). */
export function validateRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/validate', async (req, res) => {
    // The same bytes as a request answered a moment ago: the same answer, without even parsing them.
    const key = bodyKey(req);
    const known = key ? ctx.check.remembered(key) : undefined;
    if (known) return void res.json({ ok: known.ok, problems: known.problems, sources: known.sources });
    const body = parseWith(documentSchema, req.body, 'body');
    // Accept `{document}` as well as the bare document, as the workflow endpoints take it.
    const document = 'document' in body && !('nodes' in body) ? body.document : body;
    const { ok, problems, sources } = await ctx.check(document, key);
    res.json({ ok, problems, sources } satisfies ResponseOf<'POST /api/validate', 200>);
  });
  return router;
}
