import { z } from 'zod';
import { endpoints, NO_CONTENT } from '../endpoint.ts';
import { dateSchema, idParams, idSchema } from '../values/common.ts';
import { dryRunSchema, membershipHistorySchema, suppressionListSchema } from '../values/activation.ts';

const column = z.string().min(1).max(256);
export const suppressionParams = z.object({ name: z.string().min(1).max(256) });
/** The key column, and optionally a reason column and an expiry date column, of the dataset. */
export const markSuppressionBody = z.strictObject({ key: column, reason: column.nullish(), expires: column.nullish() });
/** The draft by default, or a published version; the as-of day defaults as for runs. */
export const dryRunBody = z.strictObject({ version: z.number().int().min(1).optional(), asOf: dateSchema.optional() });
export const memberParams = z.object({ id: idSchema, key: z.string().min(1).max(256) });

const tag = 'Activation';

export const ACTIVATION_ENDPOINTS = endpoints({
  'GET /api/suppression-lists': { tag, role: 'viewer', summary: 'The datasets marked as suppression lists.', responses: { 200: z.object({ lists: z.array(suppressionListSchema) }) } },
  'PUT /api/suppression-lists/:name': { tag, role: 'admin', summary: 'Marks a dataset as a suppression list (its key column, optionally a reason and an expiry column); audited.', params: suppressionParams, body: markSuppressionBody, responses: { 200: suppressionListSchema } },
  'DELETE /api/suppression-lists/:name': { tag, role: 'admin', summary: 'Unmarks a suppression list; audited.', params: suppressionParams, responses: { 204: NO_CONTENT } },
  'POST /api/workflows/:id/dry-run': { tag, role: 'editor', summary: 'What the next delivery would send (entered, exited, unchanged, suppressed, size against the range), sending nothing.', params: idParams, body: dryRunBody, responses: { 200: dryRunSchema } },
  'GET /api/workflows/:id/members/:key': { tag, role: 'viewer', summary: 'When one customer entered and left each segment of the published runs.', params: memberParams, responses: { 200: membershipHistorySchema } },
});
