import { z } from 'zod';
import { SEGMENT_NAME } from '@segflow/engine';
import { endpoints, NO_CONTENT } from '../endpoint.ts';
import { idParams, idSchema } from '../values/common.ts';
import { alertSchema, alertSettingsSchema, cronDescriptionSchema, datasetReplacedSchema, datasetSchema, historySchema, runComparisonSchema, scheduleSchema } from '../values/operations.ts';
import { runModeSchema } from '../values/workflow.ts';

const versionRef = z.union([z.literal('latest'), z.number().int().min(1)]);
const settings = {
  cron: z.string().trim().min(1).max(200),
  timezone: z.string().trim().min(1).max(100),
  version: versionRef,
  catchUp: z.boolean(),
  mode: runModeSchema.nullable(),
  partitions: z.number().int().min(1).max(256).nullable(),
};
export const newScheduleBody = z.object({
  ...settings,
  timezone: settings.timezone.default('UTC'),
  version: settings.version.default('latest'),
  catchUp: settings.catchUp.default(true),
  mode: settings.mode.default(null),
  partitions: settings.partitions.default(null),
  paused: z.boolean().default(false),
});
export const changeScheduleBody = z.object(settings).partial();
export const scheduleParams = z.object({ scheduleId: idSchema });
export const describeQuery = z.object({ cron: settings.cron, timezone: settings.timezone.default('UTC'), count: z.coerce.number().int().min(1).max(20).default(5) });

export const alertListQuery = z.object({
  workflowId: idSchema.optional(),
  unread: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
});
export const alertParams = z.object({ alertId: z.coerce.number().int().min(1) });
export const readAlertsBody = z.object({ workflowId: idSchema.optional() });
export const alertSettingsBody = z.object({
  outputs: z.record(z.string().regex(SEGMENT_NAME, 'a segment name'), z.object({ maxChangePct: z.number().min(0).max(100_000).optional() })).optional(),
  // Write-only, like a secret (receivers put tokens in URLs): null removes it, leaving it out keeps it.
  webhookUrl: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048).nullable().optional(),
  dataQualityThreshold: z.number().min(0).max(100).optional(),
});
export const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const compareRunsParams = z.object({ runId: idSchema, otherId: idSchema });
export const datasetParams = z.object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'must be a dataset file name') });

const schedules = 'Schedules';
const alerts = 'Alerts';
const unread = z.number().int();

export const OPERATION_ENDPOINTS = endpoints({
  'GET /api/workflows/:id/schedules': { tag: schedules, role: 'viewer', summary: 'A workflow’s schedules.', params: idParams, responses: { 200: z.object({ schedules: z.array(scheduleSchema) }) } },
  'POST /api/workflows/:id/schedules': { tag: schedules, role: 'publisher', summary: 'Runs a published version on a cron rhythm.', params: idParams, body: newScheduleBody, responses: { 201: scheduleSchema } },
  'GET /api/schedules/describe': { tag: schedules, role: 'viewer', summary: 'A cron expression in words, and its next occurrences.', query: describeQuery, responses: { 200: cronDescriptionSchema } },
  'GET /api/schedules/:scheduleId': { tag: schedules, role: 'viewer', summary: 'A schedule with its recent firings.', params: scheduleParams, responses: { 200: scheduleSchema } },
  'PATCH /api/schedules/:scheduleId': { tag: schedules, role: 'publisher', summary: 'Changes a schedule.', params: scheduleParams, body: changeScheduleBody, responses: { 200: scheduleSchema } },
  'POST /api/schedules/:scheduleId/pause': { tag: schedules, role: 'publisher', summary: 'Pauses a schedule.', params: scheduleParams, responses: { 200: scheduleSchema } },
  'POST /api/schedules/:scheduleId/resume': { tag: schedules, role: 'publisher', summary: 'Resumes a paused schedule.', params: scheduleParams, responses: { 200: scheduleSchema } },
  'DELETE /api/schedules/:scheduleId': { tag: schedules, role: 'publisher', summary: 'Deletes a schedule.', params: scheduleParams, responses: { 204: NO_CONTENT } },
  'GET /api/workflows/:id/history': { tag: 'Runs', role: 'viewer', summary: 'A workflow’s runs as a series, oldest first, with each output’s expected range.', params: idParams, query: historyQuery, responses: { 200: historySchema } },
  'GET /api/runs/:runId/compare/:otherId': { tag: 'Runs', role: 'viewer', summary: 'Two runs of one workflow side by side, node by node.', params: compareRunsParams, responses: { 200: runComparisonSchema } },

  'GET /api/alerts': { tag: alerts, role: 'viewer', summary: 'Alerts, newest first, a page at a time.', query: alertListQuery, responses: { 200: z.object({ alerts: z.array(alertSchema), unread, next: z.number().int().nullable() }) } },
  'POST /api/alerts/read': { tag: alerts, role: 'viewer', summary: 'Marks every alert (of one workflow) read, for the whole team.', body: readAlertsBody, responses: { 200: z.object({ marked: z.number().int(), unread }) } },
  'POST /api/alerts/:alertId/read': { tag: alerts, role: 'viewer', summary: 'Marks one alert read.', params: alertParams, responses: { 200: z.object({ alert: alertSchema, unread }) } },
  'GET /api/workflows/:id/alert-settings': { tag: alerts, role: 'viewer', summary: 'When a workflow’s runs raise alerts, and where they are sent.', params: idParams, responses: { 200: alertSettingsSchema } },
  'PUT /api/workflows/:id/alert-settings': { tag: alerts, role: 'publisher', summary: 'Changes a workflow’s alert settings.', params: idParams, body: alertSettingsBody, responses: { 200: alertSettingsSchema } },

  'GET /api/datasets': { tag: 'Datasets', role: 'viewer', summary: 'The data files workflows can read.', responses: { 200: z.object({ datasets: z.array(datasetSchema) }) } },
  'GET /api/datasets/:name': { tag: 'Datasets', role: 'viewer', summary: 'One data file: format, size, rows and columns.', params: datasetParams, responses: { 200: datasetSchema } },
  'POST /api/datasets': { tag: 'Datasets', role: 'editor', summary: 'Uploads a new data file (CSV, Parquet or JSON), read whole before it is kept.', body: 'upload', responses: { 201: datasetSchema } },
  'PUT /api/datasets/:name': { tag: 'Datasets', role: 'publisher', summary: 'Replaces a data file, and lists the workflows it breaks.', params: datasetParams, body: 'upload', responses: { 200: datasetReplacedSchema } },
  'DELETE /api/datasets/:name': { tag: 'Datasets', role: 'admin', summary: 'Deletes a data file no published version reads.', params: datasetParams, responses: { 204: NO_CONTENT } },
});
