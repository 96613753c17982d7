import { z } from 'zod';
import { MAX_OVERLAP_SETS } from '@segflow/engine';
import { endpoints } from '../endpoint.ts';
import { idParams, idSchema } from '../values/common.ts';
import { breakdownSchema, overlapSchema } from '../values/insight.ts';
import { nodeParams, previewBody } from './runs.routes.ts';

export const breakdownBody = previewBody.omit({ estimate: true }).extend({ column: z.string().min(1).max(256) });
export const overlapBody = previewBody.omit({ estimate: true }).extend({
  nodes: z.array(idSchema).min(2).max(MAX_OVERLAP_SETS).refine((ids) => new Set(ids).size === ids.length, 'each step once'),
});

const tag = 'Preview';

export const INSIGHT_ENDPOINTS = endpoints({
  'POST /api/workflows/:id/preview/:nodeId/breakdown': { tag, role: 'editor', summary: 'A node’s members by one column: the most frequent values, or a histogram for numbers and dates.', params: nodeParams, body: breakdownBody, responses: { 200: breakdownSchema } },
  'POST /api/workflows/:id/preview/overlap': { tag, role: 'editor', summary: 'How 2 to 5 nodes’ customers overlap: the customers in every region.', params: idParams, body: overlapBody, responses: { 200: overlapSchema } },
});
