import { z } from 'zod';
import { endpoints, NO_CONTENT } from '../endpoint.ts';
import { documentSchema, idParams, idSchema, problemSchema } from '../values/common.ts';
import { validationSchema } from '../values/preview.ts';
import { versionDiffSchema, versionListItemSchema, versionRecordSchema } from '../values/version.ts';
import { workflowListItemSchema, workflowRecordSchema } from '../values/workflow.ts';

const nameSchema = z.string().trim().min(1).max(200);
export const createWorkflowBody = z.object({ name: nameSchema.optional(), document: documentSchema.optional() });
export const updateWorkflowBody = z.object({ name: nameSchema.optional(), document: documentSchema.optional(), revision: z.number().int().min(1) });
export const exportQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

export const versionNumber = z.coerce.number().int().min(1).max(1_000_000);
export const versionParams = z.object({ id: idSchema, n: versionNumber });
export const diffParams = z.object({ id: idSchema, n: versionNumber, m: z.union([z.literal('draft'), versionNumber]) });
export const publishBody = z.object({ note: z.string().max(2000).default('') });
export const restoreBody = z.object({ revision: z.number().int().min(1).optional() });

/** Validation takes the bare document, or `{document}` as the workflow endpoints take it. */
export const validateBody = documentSchema;

const tag = 'Workflows';
const versions = 'Versions';

export const WORKFLOW_ENDPOINTS = endpoints({
  'POST /api/validate': { tag, role: 'viewer', summary: 'The problems of a document, as the engine and the server see them (200 either way).', body: validateBody, responses: { 200: validationSchema } },

  'GET /api/workflows': { tag, role: 'viewer', summary: 'Every workflow, newest change first, with its latest run.', responses: { 200: z.object({ workflows: z.array(workflowListItemSchema) }) } },
  'POST /api/workflows': { tag, role: 'editor', summary: 'Makes a workflow (a draft with problems saves: it is work in progress).', body: createWorkflowBody, responses: { 201: workflowRecordSchema } },
  'POST /api/workflows/import': { tag, role: 'editor', summary: 'Makes a workflow from an exported document file.', body: documentSchema, responses: { 201: workflowRecordSchema } },
  'GET /api/workflows/:id': { tag, role: 'viewer', summary: 'A workflow with its draft.', params: idParams, responses: { 200: workflowRecordSchema } },
  'PUT /api/workflows/:id': { tag, role: 'editor', summary: 'Saves the draft over `revision` (409 with details.current when someone saved first).', params: idParams, body: updateWorkflowBody, responses: { 200: workflowRecordSchema } },
  'DELETE /api/workflows/:id': { tag, role: 'publisher', summary: 'Deletes a workflow with its versions, runs and files.', params: idParams, responses: { 204: NO_CONTENT } },
  'GET /api/workflows/:id/export': { tag, role: 'viewer', summary: 'The draft, or a version, as a document file to download.', params: idParams, query: exportQuery, responses: { 200: { mediaType: 'application/json', description: 'The workflow document, credentials redacted.' } } },

  'POST /api/workflows/:id/publish': { tag: versions, role: 'publisher', summary: 'Publishes the draft as a new version (422 with the problems when it has errors; 409 `no_changes` when it is the latest version unchanged).', params: idParams, body: publishBody, responses: { 201: z.object({ version: versionRecordSchema, problems: z.array(problemSchema) }) } },
  'GET /api/workflows/:id/versions': { tag: versions, role: 'viewer', summary: 'The published versions, each with the segment sizes of its newest succeeded run.', params: idParams, responses: { 200: z.object({ versions: z.array(versionListItemSchema) }) } },
  'GET /api/workflows/:id/versions/:n': { tag: versions, role: 'viewer', summary: 'One version with its document.', params: versionParams, responses: { 200: versionRecordSchema } },
  'GET /api/workflows/:id/versions/:n/diff/:m': { tag: versions, role: 'viewer', summary: 'What changed from version n to version m (or to the draft, `m = draft`).', params: diffParams, responses: { 200: versionDiffSchema } },
  'POST /api/workflows/:id/versions/:n/restore': { tag: versions, role: 'publisher', summary: 'Makes version n the draft, over `revision`; history is never rewritten.', params: versionParams, body: restoreBody, responses: { 200: workflowRecordSchema } },
});
