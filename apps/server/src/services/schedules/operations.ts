import { availableParallelism } from 'node:os';
import { resolveRunSettings } from '@segflow/engine';
import type { AppContext } from '../../context.ts';
import type { Sqlite } from '../../store/database.ts';
import { alertStore, type AlertStore } from '../../store/alerts.store.ts';
import { scheduleStore, type Schedule, type ScheduleStore } from '../../store/schedules.store.ts';
import { summarize } from '../run-events.ts';
import { alertService, type AlertService } from '../alerts/alert-service.ts';
import type { ObservedHub } from '../alerts/run-finishes.ts';
import type { Clock } from './clock.ts';
import { dayIn } from './cron.ts';
import { Scheduler } from './scheduler.ts';

/** What the schedule, alert, history and comparison routes share. */
export interface Operations {
  clock: Clock;
  schedules: ScheduleStore;
  scheduler: Scheduler;
  alertStore: AlertStore;
  alerts: AlertService;
}

/**
 * Running published workflows on a rhythm and watching what they produce:
 * the scheduler and the alerts (raised when any run finishes); app.ts gives their routes what this returns.
 * Started after the run service has resumed interrupted runs.
 */
export function startOperations(ctx: AppContext, db: Sqlite, hub: ObservedHub, options: { clock: Clock; alertWebhook: string | null }) {
  const { clock } = options;
  const schedules = scheduleStore(db);
  const store = alertStore(db);
  const alerts = alertService({
    store, schedules, workflows: ctx.workflows, clock, logger: ctx.logger, webhook: options.alertWebhook, allow: ctx.config.webhookAllowList,
  });

  // The version the schedule names, or the latest published one when it fires.
  async function launch(schedule: Schedule, occurrence: number) {
    const workflow = ctx.workflows.get(schedule.workflowId);
    if (!workflow) return { problem: 'The workflow no longer exists.' };
    const n = schedule.version ?? workflow.publishedVersion;
    if (n === null) return { problem: 'Nothing is published yet: publish a version first.' };
    const version = ctx.versions.get(workflow.id, n);
    if (!version) return { problem: `Version ${n} does not exist.` };
    const check = await ctx.check(version.document);
    if (!check.ok) return { problem: `Version ${n} cannot run now: ${summarize(check.problems)}` };
    // A report pinned to a day keeps it; otherwise the occurrence's day where the schedule lives.
    const settings = resolveRunSettings(schedule, check.workflow?.run, { cores: availableParallelism(), asOf: () => dayIn(occurrence, schedule.timezone) });
    const run = ctx.runService.start({ workflowId: workflow.id, version: n, ...settings, document: version.document });
    // The run cannot have finished yet: the engine starts on a later turn of the event loop.
    schedules.markTrigger(run.id, 'schedule', schedule.id);
    return { runId: run.id };
  }

  const scheduler = new Scheduler({ store: schedules, clock, logger: ctx.logger, launch, onFiring: alerts.firingSettled });
  const ops: Operations = { clock, schedules, scheduler, alertStore: store, alerts };

  const stopListening = hub.onRunFinished((runId) => {
    // Out of the engine's callback: an alert never slows or breaks a run.
    setImmediate(() => {
      try {
        alerts.checkRun(runId);
      } catch (err) {
        ctx.logger.error({ err, runId }, 'checking a run for alerts failed');
      }
    });
  });
  alerts.start();
  const started = scheduler.start();

  return {
    ...ops,
    /** Settles when the first look at the schedules (catching up what was missed) is done. */
    started,
    async close() {
      stopListening();
      await scheduler.stop();
      await alerts.close();
    },
  };
}
