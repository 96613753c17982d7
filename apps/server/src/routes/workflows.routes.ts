import { Router } from 'express';
import { rmSync } from 'node:fs';
import type { Workflow } from '@segflow/engine';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { documentToStore, openDocument } from '../http/document-limits.ts';
import { documentSchema, idParams, parseWith } from '../http/parse.ts';
import { runOutputDir } from '../services/data-paths.ts';
import { workflowOr404 } from './lookups.ts';
import { redacted, redactDocument, refuseLiteralCredentials } from '../credentials/document-credentials.ts';
import { createWorkflowBody, exportQuery, updateWorkflowBody, type ResponseOf } from '@segflow/contract';

const emptyDocument = (name: string): Workflow => ({ schemaVersion: 1, name, nodes: [], edges: [] });
const nameOf = (document: Workflow | undefined) => document?.name.trim().slice(0, 200) || undefined;

/** A file name for downloads: the workflow's name with anything odd turned into dashes. */
const fileSlug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workflow';

export function workflowRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/workflows', (_req, res) => {
    const workflows = ctx.workflows.list().map((w) => {
      const [last] = ctx.runs.listByWorkflow(w.id, 1);
      return { ...w, lastRun: last ? { id: last.id, status: last.status, createdAt: last.createdAt } : null };
    });
    res.json({ workflows } satisfies ResponseOf<'GET /api/workflows', 200>);
  });

  // A draft with problems saves: it is work in progress. Only publishing insists.
  router.post('/workflows', (req, res) => {
    const body = parseWith(createWorkflowBody, req.body ?? {}, 'body');
    const document = body.document === undefined ? undefined : documentToStore(body.document);
    const name = body.name ?? nameOf(document) ?? 'Untitled workflow';
    refuseLiteralCredentials(document);
    const workflow = ctx.workflows.create({ name, document: document ?? emptyDocument(name) });
    res.status(201).location(`/api/workflows/${workflow.id}`).json(workflow);
  });

  router.post('/workflows/import', (req, res) => {
    const document = documentToStore(parseWith(documentSchema, req.body, 'body'), 'This file is not a Segflow workflow document:');
    refuseLiteralCredentials(document);
    const workflow = ctx.workflows.create({ name: nameOf(document) ?? 'Imported workflow', document });
    res.status(201).location(`/api/workflows/${workflow.id}`).json(workflow);
  });

  router.get('/workflows/:id', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const workflow = workflowOr404(ctx, id);
    openDocument(workflow, `The saved draft of ${workflow.name}`);
    res.json(redacted(workflow));
  });

  router.put('/workflows/:id', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const body = parseWith(updateWorkflowBody, req.body ?? {}, 'body');
    const document = body.document === undefined ? undefined : documentToStore(body.document);
    // A rename alone keeps the draft: one that no longer opens is refused before anything changes.
    if (document === undefined) {
      const current = workflowOr404(ctx, id);
      openDocument(current, `The saved draft of ${current.name}`);
    }
    refuseLiteralCredentials(document);
    const result = ctx.workflows.update(id, { name: body.name, document }, body.revision);
    if (result.ok) return void res.json(redacted(result.workflow));
    if (!result.current) throw new HttpError(404, 'not_found', `Workflow ${id} does not exist.`);
    throw new HttpError(409, 'conflict', `Revision ${body.revision} is not the latest (${result.current.revision}): someone saved first.`, { current: redacted(result.current) });
  });

  router.delete('/workflows/:id', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    workflowOr404(ctx, id);
    const runs = ctx.runs.listByWorkflow(id, Number.MAX_SAFE_INTEGER);
    await Promise.all(runs.map((run) => ctx.runService.stop(run.id)));
    ctx.workflows.remove(id);
    for (const run of runs) rmSync(runOutputDir(ctx.paths, run.id), { recursive: true, force: true });
    await ctx.previews.forget(id);
    // Result tables kept for retrying this workflow's runs go with it.
    await ctx.runService.forgetWorkflow(id, runs);
    res.status(204).end();
  });

  router.get('/workflows/:id/export', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const { version } = parseWith(exportQuery, req.query, 'query');
    const workflow = workflowOr404(ctx, id);
    const stored = version === undefined ? workflow : ctx.versions.get(id, version);
    if (stored === undefined) throw new HttpError(404, 'not_found', `Version ${version} of workflow ${id} does not exist.`);
    const document = openDocument(stored, version === undefined ? `The saved draft of ${workflow.name}` : `Version ${version} of ${workflow.name}`);
    const file = `${fileSlug(workflow.name)}${version ? `-v${version}` : ''}.json`;
    res.attachment(file).type('application/json').send(`${JSON.stringify(redactDocument(document), null, 2)}\n`);
  });

  return router;
}
