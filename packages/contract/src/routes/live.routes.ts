import { z } from 'zod';
import { endpoints } from '../endpoint.ts';
import { idParams, idSchema } from '../values/common.ts';
import { ingestResultSchema, liveStatusSchema, membershipChangeSchema, reconcileSchema } from '../values/live.ts';

/** The most events plus profiles one `POST /api/events` call takes. */
export const MAX_INGEST_ITEMS = 1000;

/** One event: an id unique per event (a repeat is ignored, so a retried call applies nothing twice) and its columns. */
export const ingestEvent = z.object({
  id: z.string().min(1).max(128),
  values: z.record(z.string(), z.unknown()),
}).strict();

export const ingestBody = z.object({
  /** The real-time workflows to apply to; default every one. */
  workflows: z.array(idSchema).min(1).max(50).optional(),
  events: z.array(ingestEvent).max(MAX_INGEST_ITEMS).optional(),
  /** Profile upserts: the key and the columns that change. */
  profiles: z.array(z.record(z.string(), z.unknown())).max(MAX_INGEST_ITEMS).optional(),
}).strict().refine((b) => (b.events?.length ?? 0) + (b.profiles?.length ?? 0) >= 1, 'send at least one event or profile')
  .refine((b) => (b.events?.length ?? 0) + (b.profiles?.length ?? 0) <= MAX_INGEST_ITEMS, `at most ${MAX_INGEST_ITEMS} events and profiles in one call`);

export const liveBody = z.object({ enabled: z.boolean() }).strict();
export const membershipStreamQuery = z.object({ after: z.coerce.number().int().min(0).optional() });

const tag = 'Live audiences';

export const LIVE_ENDPOINTS = endpoints({
  'GET /api/workflows/:id/live': { tag, role: 'viewer', summary: 'Whether the published version keeps a live audience, its members per segment and the last reconcile.', params: idParams, responses: { 200: liveStatusSchema } },
  'PUT /api/workflows/:id/live': { tag, role: 'publisher', summary: 'Marks the workflow real-time (its published version keeps a live audience) or not.', params: idParams, body: liveBody, responses: { 200: liveStatusSchema } },
  'POST /api/events': { tag, role: 'evaluator', summary: 'Events and profile upserts for real-time workflows: memberships change at once and every enter or exit is delivered and streamed.', body: ingestBody, responses: { 200: ingestResultSchema } },
  'GET /api/workflows/:id/membership/stream': { tag, role: 'viewer', summary: 'Every enter and exit of the live audience as server-sent events, from `after` (or Last-Event-ID).', params: idParams, query: membershipStreamQuery, responses: { 200: { mediaType: 'text/event-stream', description: 'One enter or exit per message; its id is the change\'s sequence number.', event: membershipChangeSchema } } },
  'POST /api/workflows/:id/reconcile': { tag, role: 'publisher', summary: 'Compares the live audience with a batch computation of the same version, then fixes the differences.', params: idParams, responses: { 200: reconcileSchema } },
});
