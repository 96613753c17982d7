import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { idParams, parseWith } from '../http/parse.ts';
import { cronProblem, describeSchedule, nextOccurrences } from '../services/schedules/cron.ts';
import type { Operations } from '../services/schedules/operations.ts';
import type { Firing, Schedule } from '../store/schedules.store.ts';
import { versionOr404, workflowOr404 } from './lookups.ts';
import { changeScheduleBody, describeQuery, newScheduleBody, scheduleParams, type ResponseOf } from '@segflow/contract';

const iso = (ms: number) => new Date(ms).toISOString();

const firingView = (f: Firing) => ({
  occurrence: iso(f.occurrence), firstOccurrence: iso(f.firstOccurrence), covers: f.covers, outcome: f.outcome, runId: f.runId, message: f.message, at: f.at,
});

function refuseCron(spec: { cron: string; timezone: string }) {
  const problem = cronProblem(spec);
  if (problem) throw new HttpError(400, 'invalid_request', problem, { issues: [{ path: problem.includes('time zone') ? 'timezone' : 'cron', message: problem }] });
}

export function scheduleRoutes(ctx: AppContext, ops: Operations): Router {
  const router = Router();

  function view(schedule: Schedule, withFirings = false): ResponseOf<'GET /api/schedules/:scheduleId', 200> {
    const now = ops.clock.now();
    const workflow = ctx.workflows.get(schedule.workflowId);
    const firings = ops.schedules.firings(schedule.id, withFirings ? 20 : 1);
    return {
      id: schedule.id,
      workflowId: schedule.workflowId,
      cron: schedule.cron,
      timezone: schedule.timezone,
      /** What the schedule names; `runs` is the version it would run now. */
      version: schedule.version ?? 'latest',
      runs: schedule.version ?? workflow?.publishedVersion ?? null,
      mode: schedule.mode,
      partitions: schedule.partitions,
      catchUp: schedule.catchUp,
      paused: schedule.pausedAt !== null,
      pausedAt: schedule.pausedAt,
      description: describeSchedule(schedule),
      next: schedule.pausedAt ? [] : nextOccurrences(schedule, Math.max(schedule.handledUntil, now), 5).map(iso),
      lastFiring: firings[0] ? firingView(firings[0]) : null,
      ...(withFirings ? { firings: firings.map(firingView) } : {}),
      createdAt: schedule.createdAt,
      updatedAt: schedule.updatedAt,
    };
  }

  const scheduleOr404 = (id: string) => {
    const schedule = ops.schedules.get(id);
    if (!schedule) throw notFound(`Schedule ${id}`);
    return schedule;
  };

  /** A named version must exist; "latest" needs something published. */
  function checkVersion(workflowId: string, version: number | 'latest') {
    if (version !== 'latest') return void versionOr404(ctx, workflowId, version);
    if (workflowOr404(ctx, workflowId).publishedVersion === null)
      throw new HttpError(400, 'invalid_request', 'Schedules run published versions: publish this workflow first.', { issues: [{ path: 'version', message: 'nothing is published' }] });
  }

  router.get('/workflows/:id/schedules', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    workflowOr404(ctx, id);
    res.json({ schedules: ops.schedules.byWorkflow(id).map((s) => view(s)) } satisfies ResponseOf<'GET /api/workflows/:id/schedules', 200>);
  });

  router.post('/workflows/:id/schedules', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const body = parseWith(newScheduleBody, req.body ?? {}, 'body');
    workflowOr404(ctx, id);
    refuseCron(body);
    checkVersion(id, body.version);
    const schedule = ops.schedules.create({ ...body, workflowId: id, version: body.version === 'latest' ? null : body.version }, ops.clock.now());
    void ops.scheduler.refresh();
    res.status(201).location(`/api/schedules/${schedule.id}`).json(view(schedule, true));
  });

  // Before /schedules/:scheduleId, which would take "describe" for an id.
  router.get('/schedules/describe', (req, res) => {
    const { cron, timezone, count } = parseWith(describeQuery, req.query, 'query');
    refuseCron({ cron, timezone });
    res.json({ cron, timezone, description: describeSchedule({ cron, timezone }), next: nextOccurrences({ cron, timezone }, ops.clock.now(), count).map(iso) } satisfies ResponseOf<'GET /api/schedules/describe', 200>);
  });

  router.get('/schedules/:scheduleId', (req, res) => {
    const { scheduleId } = parseWith(scheduleParams, req.params, 'params');
    res.json(view(scheduleOr404(scheduleId), true));
  });

  router.patch('/schedules/:scheduleId', (req, res) => {
    const { scheduleId } = parseWith(scheduleParams, req.params, 'params');
    const change = parseWith(changeScheduleBody, req.body ?? {}, 'body');
    const current = scheduleOr404(scheduleId);
    refuseCron({ cron: change.cron ?? current.cron, timezone: change.timezone ?? current.timezone });
    if (change.version !== undefined) checkVersion(current.workflowId, change.version);
    const { version, ...rest } = change;
    const updated = ops.schedules.update(scheduleId, { ...rest, ...(version === undefined ? {} : { version: version === 'latest' ? null : version }) }, ops.clock.now());
    void ops.scheduler.refresh();
    res.json(view(updated!, true));
  });

  router.post('/schedules/:scheduleId/pause', (req, res) => {
    const { scheduleId } = parseWith(scheduleParams, req.params, 'params');
    scheduleOr404(scheduleId);
    ops.schedules.pause(scheduleId, ops.clock.now());
    void ops.scheduler.refresh();
    res.json(view(scheduleOr404(scheduleId), true));
  });

  router.post('/schedules/:scheduleId/resume', (req, res) => {
    const { scheduleId } = parseWith(scheduleParams, req.params, 'params');
    scheduleOr404(scheduleId);
    ops.schedules.resume(scheduleId, ops.clock.now());
    void ops.scheduler.refresh();
    res.json(view(scheduleOr404(scheduleId), true));
  });

  router.delete('/schedules/:scheduleId', (req, res) => {
    const { scheduleId } = parseWith(scheduleParams, req.params, 'params');
    if (!ops.schedules.remove(scheduleId)) throw notFound(`Schedule ${scheduleId}`);
    void ops.scheduler.refresh();
    res.status(204).end();
  });

  return router;
}
