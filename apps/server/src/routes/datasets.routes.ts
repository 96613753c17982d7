import { existsSync } from 'node:fs';
import { link, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Router, type Request } from 'express';
import type { Problem } from '@segflow/engine';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { parseWith } from '../http/parse.ts';
import { formatOf, sanitizeDatasetName } from '../services/datasets.ts';
import { receiveUpload, type ReceivedFile } from '../services/upload.ts';
import { datasetParams, type ResponseOf } from '@segflow/contract';

const alreadyExists = (name: string) =>
  new HttpError(409, 'already_exists', `A dataset named ${name} exists already: replace it with PUT /api/datasets/${name}.`);

/** Problems that mean a workflow no longer fits the data it reads. */
const BROKEN_BY_DATA = new Set(['unknown_field', 'unreadable_source']);

export function datasetRoutes(ctx: AppContext): Router {
  const router = Router();
  const datasetName = (req: Request) => {
    const { name } = parseWith(datasetParams, req.params, 'params');
    if (!formatOf(name)) throw notFound(`Dataset ${name}`);
    return name;
  };

  /**
   * Reads the whole upload with DuckDB before it takes the dataset's place; a file that will not read is a 422 and is deleted.
   * A new dataset is linked into place, which fails if the name exists by then: of uploads racing for one new name, one wins
   * and the others are a 409. Replacing is the explicit PUT, and renames over the old file.
   */
  async function install(upload: ReceivedFile, name: string, how: 'create' | 'replace') {
    const target = join(ctx.paths.datasets, name);
    try {
      const found = await ctx.datasets.inspect(upload.tmpPath, formatOf(name)!, name);
      if (how === 'replace') await rename(upload.tmpPath, target);
      else await link(upload.tmpPath, target).catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'EEXIST' ? alreadyExists(name) : e;
      });
      ctx.datasets.remember(name, found);
    } finally {
      await rm(upload.tmpPath, { force: true });
    }
    return (await ctx.datasets.info(name))!;
  }

  /** Workflows (drafts and published versions) that read the dataset and no longer check out against it. */
  async function affectedBy(name: string) {
    const affected: { id: string; name: string; where: string; problems: Problem[] }[] = [];
    for (const workflow of ctx.workflows.all()) {
      const published = workflow.publishedVersion ? ctx.versions.get(workflow.id, workflow.publishedVersion) : undefined;
      const documents = [{ where: 'draft', document: workflow.document }, ...(published ? [{ where: `version ${published.n}`, document: published.document }] : [])];
      for (const { where, document } of documents) {
        if (!ctx.datasets.readsDataset(document, name)) continue;
        const problems = (await ctx.check(document)).problems.filter((p) => BROKEN_BY_DATA.has(p.code));
        if (problems.length) affected.push({ id: workflow.id, name: workflow.name, where, problems });
      }
    }
    return affected;
  }

  router.get('/datasets', async (_req, res) => {
    res.json({ datasets: await ctx.datasets.list() } satisfies ResponseOf<'GET /api/datasets', 200>);
  });

  router.get('/datasets/:name', async (req, res) => {
    const name = datasetName(req);
    const info = await ctx.datasets.info(name);
    if (!info) throw notFound(`Dataset ${name}`);
    res.json(info);
  });

  router.post('/datasets', async (req, res) => {
    const upload = await receiveUpload(req, { tmpDir: ctx.paths.tmp, limit: ctx.config.uploadLimitBytes });
    let name: string;
    try {
      name = sanitizeDatasetName(upload.filename);
      // Checked again when the file is linked into place; this only spares reading a file that cannot be kept.
      if (existsSync(join(ctx.paths.datasets, name))) throw alreadyExists(name);
    } catch (e) {
      await rm(upload.tmpPath, { force: true });
      throw e;
    }
    res.status(201).location(`/api/datasets/${name}`).json(await install(upload, name, 'create'));
  });

  router.put('/datasets/:name', async (req, res) => {
    const name = datasetName(req);
    if (!existsSync(join(ctx.paths.datasets, name))) throw notFound(`Dataset ${name}`);
    const upload = await receiveUpload(req, { tmpDir: ctx.paths.tmp, limit: ctx.config.uploadLimitBytes });
    const dataset = await install(upload, name, 'replace');
    res.json({ dataset, affected: await affectedBy(name) } satisfies ResponseOf<'PUT /api/datasets/:name', 200>);
  });

  // Published versions are promises: the data they read stays while they exist.
  router.delete('/datasets/:name', async (req, res) => {
    const name = datasetName(req);
    if (!existsSync(join(ctx.paths.datasets, name))) throw notFound(`Dataset ${name}`);
    if (ctx.suppression.get(name)) throw new HttpError(409, 'in_use', `${name} is a suppression list: unmark it first.`);
    const users = ctx.versions.all().filter((v) => ctx.datasets.readsDataset(v.document, name));
    if (users.length) {
      const versions = users.map((v) => ({ workflowId: v.workflowId, workflowName: ctx.workflows.get(v.workflowId)?.name, n: v.n }));
      throw new HttpError(409, 'in_use', `Published versions read ${name}: ${versions.map((v) => `${v.workflowName} v${v.n}`).join(', ')}.`, { versions });
    }
    await rm(join(ctx.paths.datasets, name), { force: true });
    res.status(204).end();
  });

  return router;
}
