import { z } from 'zod';
import { endpoints } from '../endpoint.ts';
import { dateSchema, documentSchema, idParams, idSchema } from '../values/common.ts';
import { modeComparisonSchema } from '../values/operations.ts';
import { columnValuesSchema, memberRowsSchema, previewResultSchema, ruleCountsSchema } from '../values/preview.ts';
import { runCancelSchema, runEventSchema, runStartedSchema, runSummarySchema, runViewSchema } from '../values/run.ts';
import { runModeSchema } from '../values/workflow.ts';

/** Left out, each comes from the document's `run` settings, else the server's defaults. */
export const runBody = z.object({
  mode: runModeSchema.optional(),
  partitions: z.number().int().min(1).max(256).optional(),
  asOf: dateSchema.optional(),
  /** A published version to run; left out, the draft. */
  version: z.number().int().min(1).optional(),
});
export const runParams = z.object({ runId: idSchema });
export const runListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
export const runEventsQuery = z.object({ after: z.coerce.number().int().min(0).optional() });
export const segmentParams = z.object({ runId: idSchema, file: z.string().regex(/^[A-Za-z0-9_-]{1,64}\.csv$/, 'must be SEGMENT.csv') });

export const previewBody = z.object({
  /** Unsaved edits to preview; default: the saved draft. */
  document: documentSchema.optional(),
  asOf: dateSchema.optional(),
  /** Counts from a 5% hash sample, scaled up and marked as estimates: fast on large data. */
  estimate: z.boolean().optional(),
});
export const rowsBody = previewBody.omit({ estimate: true }).extend({ limit: z.number().int().min(1).max(200).default(50) });
export const nodeParams = z.object({ id: idSchema, nodeId: idSchema });
export const valuesBody = previewBody.omit({ estimate: true }).extend({ column: z.string().min(1).max(256) });
export const ruleCountsBody = previewBody.omit({ estimate: true });
export const compareModesBody = z.object({
  sample: z.number().gt(0).max(1).default(0.1),
  partitions: z.number().int().min(1).max(64).optional(),
  asOf: dateSchema.optional(),
  document: documentSchema.optional(),
});

const tag = 'Runs';
const preview = 'Preview';

export const RUN_ENDPOINTS = endpoints({
  'POST /api/workflows/:id/runs': { tag, role: 'editor', summary: 'Starts a run of the draft (editor) or of a published version (publisher); 422 when the document has errors.', params: idParams, body: runBody, responses: { 202: runStartedSchema } },
  'GET /api/workflows/:id/runs': { tag, role: 'viewer', summary: 'A workflow’s runs, newest first.', params: idParams, query: runListQuery, responses: { 200: z.object({ runs: z.array(runSummarySchema) }) } },
  'GET /api/runs/:runId': { tag, role: 'viewer', summary: 'A run: its state, node by node, and where to download each segment.', params: runParams, responses: { 200: runViewSchema } },
  'POST /api/runs/:runId/cancel': { tag, role: 'editor', summary: 'Cancels a queued or running run (a published version’s: publisher).', params: runParams, responses: { 202: runCancelSchema } },
  'POST /api/runs/:runId/retry': { tag, role: 'editor', summary: 'Runs a failed or partial run again from its stored state (a published version’s: publisher).', params: runParams, responses: { 202: runStartedSchema } },
  'GET /api/runs/:runId/events': { tag, role: 'viewer', summary: 'The run’s events as server-sent events, from `after` (or Last-Event-ID); 204 once it is over.', params: runParams, query: runEventsQuery, responses: { 200: { mediaType: 'text/event-stream', description: 'One event per message; its id is the sequence number.', event: runEventSchema }, 204: null } },
  'GET /api/runs/:runId/segments/:file': { tag, role: 'viewer', summary: 'A segment’s customers as a CSV file.', params: segmentParams, responses: { 200: { mediaType: 'text/csv', description: 'The segment’s rows.' } } },

  'POST /api/workflows/:id/preview': { tag: preview, role: 'editor', summary: 'Row counts at every node of the draft or of unsaved edits; problems come back as values.', params: idParams, body: previewBody, responses: { 200: previewResultSchema } },
  'POST /api/workflows/:id/preview/:nodeId/rows': { tag: preview, role: 'editor', summary: 'The first customers at a node.', params: nodeParams, body: rowsBody, responses: { 200: memberRowsSchema } },
  'POST /api/workflows/:id/preview/:nodeId/values': { tag: preview, role: 'editor', summary: 'A column’s most frequent values at a node, and min, median and max for numbers: value suggestions.', params: nodeParams, body: valuesBody, responses: { 200: columnValuesSchema } },
  'POST /api/workflows/:id/preview/:nodeId/rule-counts': { tag: preview, role: 'editor', summary: 'Beside each top-level rule of a filter: customers passing it alone, and remaining after it.', params: nodeParams, body: ruleCountsBody, responses: { 200: ruleCountsSchema } },
  'POST /api/workflows/:id/compare': { tag: preview, role: 'editor', summary: 'Times each run mode on a sample and projects the full run.', params: idParams, body: compareModesBody, responses: { 200: modeComparisonSchema } },
});
