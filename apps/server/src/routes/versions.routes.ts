import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { documentRefused, HttpError } from '../http/errors.ts';
import { openDocument } from '../http/document-limits.ts';
import { idSchema, parseWith } from '../http/parse.ts';
import { versionOr404, workflowOr404 } from './lookups.ts';
import { redacted, redactDocument } from '../credentials/document-credentials.ts';
import { readableDocument } from '../store/stored-document.ts';
import { diffChangesSomething, diffDocuments, diffParams, publishBody, restoreBody, versionParams, type ResponseOf } from '@segflow/contract';


export function versionRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/workflows/:id/publish', async (req, res) => {
    const { id } = parseWith(z.object({ id: idSchema }), req.params, 'params');
    const { note } = parseWith(publishBody, req.body ?? {}, 'body');
    const workflow = workflowOr404(ctx, id);
    const document = openDocument(workflow, `The saved draft of ${workflow.name}`);
    const check = await ctx.check(document);
    if (!check.ok) throw documentRefused(check.problems, 'The draft has problems: fix them before publishing.');
    const latest = workflow.publishedVersion === null ? undefined : ctx.versions.get(id, workflow.publishedVersion);
    // A latest version that no longer reads cannot be compared: publishing over it is allowed.
    const latestDocument = latest && readableDocument(latest);
    if (latest && latestDocument && !diffChangesSomething(diffDocuments(latestDocument, document)))
      throw new HttpError(409, 'no_changes', `No changes since version ${latest.n}: the draft is what version ${latest.n} publishes already.`, { version: latest.n });
    const version = ctx.versions.create(id, document, note);
    ctx.workflows.setPublished(id, version.n);
    res.status(201).json({ version: redacted(version), problems: check.problems });
  });

  // Each version with the segment sizes of its newest succeeded run, so versions can be compared by outcome.
  router.get('/workflows/:id/versions', (req, res) => {
    const { id } = parseWith(z.object({ id: idSchema }), req.params, 'params');
    workflowOr404(ctx, id);
    const latest = ctx.runs.latestSucceededByVersion(id);
    // Only what the list shows: a version's document is not read (nor parsed) here.
    const versions = ctx.versions.list(id).map(({ workflowId, n, note, createdAt }) => {
      const run = latest.get(n);
      const segments = run ? Object.fromEntries(Object.entries(run.state.segments).map(([name, s]) => [name, s.count])) : null;
      return { workflowId, n, note, createdAt, lastRun: run ? { id: run.id, asOf: run.asOf, finishedAt: run.finishedAt, segments } : null };
    });
    res.json({ versions } satisfies ResponseOf<'GET /api/workflows/:id/versions', 200>);
  });

  router.get('/workflows/:id/versions/:n', (req, res) => {
    const { id, n } = parseWith(versionParams, req.params, 'params');
    res.json(redacted(versionOr404(ctx, id, n)));
  });

  // `m` may be `draft`: what changed since a version.
  router.get('/workflows/:id/versions/:n/diff/:m', (req, res) => {
    const { id, n, m } = parseWith(diffParams, req.params, 'params');
    const workflow = workflowOr404(ctx, id);
    const from = openDocument(versionOr404(ctx, id, n), `Version ${n} of ${workflow.name}`);
    const to = m === 'draft' ? openDocument(workflow, `The saved draft of ${workflow.name}`) : openDocument(versionOr404(ctx, id, m), `Version ${m} of ${workflow.name}`);
    res.json({ from: n, to: m, ...diffDocuments(redactDocument(from), redactDocument(to)) } satisfies ResponseOf<'GET /api/workflows/:id/versions/:n/diff/:m', 200>);
  });

  // Restoring makes a new draft revision; history is never rewritten.
  router.post('/workflows/:id/versions/:n/restore', (req, res) => {
    const { id, n } = parseWith(versionParams, req.params, 'params');
    const { revision } = parseWith(restoreBody, req.body ?? {}, 'body');
    const workflow = workflowOr404(ctx, id);
    const document = openDocument(versionOr404(ctx, id, n), `Version ${n} of ${workflow.name}`);
    const result = ctx.workflows.update(id, { document }, revision ?? workflow.revision);
    if (result.ok) return void res.json(redacted(result.workflow));
    throw new HttpError(409, 'conflict', 'Someone saved the draft first; look at it before restoring over it.', { current: result.current && redacted(result.current) });
  });

  return router;
}
