import { Router, type Response } from 'express';
import { dayOf, explainCustomer, membershipAnswer, parseDate, readCustomer, resolveRunSettings, todayUtc, type CustomerJson } from '@segflow/engine/node';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { idParams, parseWith } from '../http/parse.ts';
import { explainBody, MAX_EVALUATE_ITEMS, type ResponseOf } from '@segflow/contract';
import { notFound } from '../http/errors.ts';
import { readEvaluateBody } from './evaluate-body.ts';
import type { CompiledVersion } from '../services/evaluate-service.ts';

export const MAX_ITEMS = MAX_EVALUATE_ITEMS;

/** As for runs: the request's date, else the document's `run.asOf`, else today in UTC. */
function asOfDayOf(compiled: CompiledVersion, asOf: string | undefined): number {
  return dayOf(parseDate(resolveRunSettings({ asOf }, compiled.document.run, { cores: 1, asOf: todayUtc }).asOf)!);
}

/** The version asked for (default: the published one), compiled, or the reason it cannot be evaluated. */
async function compiledFor(ctx: AppContext, id: string, n: number | undefined): Promise<CompiledVersion> {
  // Numbers only: the documents are read once, when a version is first compiled.
  const published = ctx.evaluator.publishedVersion(id);
  if (published === undefined) throw notFound(`Workflow ${id}`);
  const number = n ?? published;
  if (number === null) throw new HttpError(404, 'not_found', 'This workflow has no published version yet: publish it to look customers up or evaluate them.');
  const compiled = await ctx.evaluator.compiledVersion(id, number);
  if (!compiled) throw notFound(`Version ${number} of workflow ${id}`);
  if ('problems' in compiled) throw new HttpError(422, 'invalid_document', 'This version cannot be evaluated: its document has problems.', { problems: compiled.problems });
  return compiled;
}

/** A customer's data, or 422 naming every value of the wrong type and every unknown column. */
function customerData(compiled: CompiledVersion, input: CustomerJson, where = '') {
  const { data, problems } = readCustomer(compiled.evaluator, compiled.analysis, input);
  if (!data) throw new HttpError(422, 'invalid_request', `Some values do not fit the workflow's columns${where}: ${problems[0].message}`, {
    problems: problems.slice(0, 50).map((p) => ({ ...p, field: `${where ? `${where}.` : ''}${p.field}` })),
  });
  return data;
}

/**
 * A 200 with a JSON answer of booleans and names, sent as it is: express's
 * res.json would also hash it for an ETag (no use for a POST) and pass every
 * key through the app's message replacer (these answers hold no messages).
 */
function sendAnswer(res: Response, answer: ResponseOf<'POST /api/workflows/:id/evaluate', 200>): void {
  const text = JSON.stringify(answer);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function evaluateRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/workflows/:id/evaluate', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const body = readEvaluateBody(req.body ?? {});
    const compiled = await compiledFor(ctx, id, body.version);
    const asOfDay = asOfDayOf(compiled, body.asOf);
    const answer = (input: CustomerJson, where?: string) =>
      membershipAnswer(compiled.evaluator.evaluate(customerData(compiled, input, where), asOfDay), compiled.analysis);
    if ('items' in body) sendAnswer(res, { version: compiled.version, items: body.items.map((item, i) => answer(item, `items[${i}]`)) });
    else sendAnswer(res, { version: compiled.version, ...answer(body) });
  });

  router.post('/workflows/:id/explain', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const body = parseWith(explainBody, req.body ?? {}, 'body');
    const compiled = await compiledFor(ctx, id, body.version);
    const asOfDay = asOfDayOf(compiled, body.asOf);
    let data;
    if ('key' in body) {
      data = await ctx.evaluator.storedCustomer(id, compiled, body.key);
      if (!data) throw new HttpError(404, 'not_found', `No customer with the key ${JSON.stringify(body.key)} is in this workflow's data.`);
    } else data = customerData(compiled, body);
    const result = compiled.evaluator.evaluate(data, asOfDay, true);
    res.json({ version: compiled.version, ...explainCustomer(result, compiled.analysis) } satisfies ResponseOf<'POST /api/workflows/:id/explain', 200>);
  });

  return router;
}
