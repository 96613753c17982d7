import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';

/** The workflow, or a 404 naming it. */
export function workflowOr404(ctx: AppContext, id: string) {
  const workflow = ctx.workflows.get(id);
  if (!workflow) throw notFound(`Workflow ${id}`);
  return workflow;
}

export function runOr404(ctx: AppContext, id: string) {
  const run = ctx.runs.get(id);
  if (!run) throw notFound(`Run ${id}`);
  return run;
}

export function versionOr404(ctx: AppContext, workflowId: string, n: number) {
  const version = ctx.versions.get(workflowId, n);
  if (!version) throw notFound(`Version ${n} of workflow ${workflowId}`);
  return version;
}
