import { z } from 'zod';
import { endpoints } from '../endpoint.ts';
import { dateSchema, idParams } from '../values/common.ts';
import { evaluationSchema, explanationSchema } from '../values/evaluate.ts';

/** The most customers one evaluate call takes. */
export const MAX_EVALUATE_ITEMS = 1000;

/** One customer as a site sends it: the profile's columns, and events for behaviour and sequence rules. */
export const customerInput = z.object({
  profile: z.record(z.string(), z.unknown()),
  events: z.array(z.record(z.string(), z.unknown())).max(10_000).optional(),
});
const common = { asOf: dateSchema.optional(), version: z.number().int().min(1).optional() };
export const evaluateBody = z.union([
  z.object({ ...common, items: z.array(customerInput).min(1).max(MAX_EVALUATE_ITEMS) }).strict(),
  customerInput.extend(common).strict(),
]);
export const explainBody = z.union([
  customerInput.extend(common).strict(),
  // A customer the workflow's own sources hold, by key.
  z.object({ ...common, key: z.union([z.string().min(1).max(256), z.number()]) }).strict(),
]);

const tag = 'Evaluate';

export const EVALUATE_ENDPOINTS = endpoints({
  'POST /api/workflows/:id/evaluate': { tag, role: 'evaluator', summary: 'Which segments one customer (or up to 1,000 `items`) is in, by the published version or `version`.', params: idParams, body: evaluateBody, responses: { 200: evaluationSchema } },
  'POST /api/workflows/:id/explain': { tag, role: 'viewer', summary: 'Why one customer (given, or stored, by `key`) is in or out of every step, rule by rule, in words.', params: idParams, body: explainBody, responses: { 200: explanationSchema } },
});
