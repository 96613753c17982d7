import type { Logger } from 'pino';
import type { AddressAllowList } from '@segflow/engine/node';
import type { Alert, AlertStore, CheckableRun } from '../../store/alerts.store.ts';
import type { Firing, Schedule, ScheduleStore } from '../../store/schedules.store.ts';
import type { WorkflowStore } from '../../store/workflows.store.ts';
import type { Clock } from '../schedules/clock.ts';
import { DEFAULT_ALERT_SETTINGS, evaluateRun, type AlertDraft, type AlertSettings } from './evaluate-run.ts';
import { postJson } from './post-json.ts';

export interface AlertServiceOptions {
  store: AlertStore;
  schedules: ScheduleStore;
  workflows: WorkflowStore;
  clock: Clock;
  logger: Logger;
  /** The server-wide receiver (SEGFLOW_ALERT_WEBHOOK); a workflow's own webhookUrl replaces it. */
  webhook: string | null;
  /** Addresses a workflow's webhookUrl may reach besides public ones. */
  allow: AddressAllowList;
  timeoutMs?: number;
}

const MAX_ATTEMPTS = 3;
const RETRY_AFTER_MS = [2_000, 15_000];

/**
 * Raises alerts when runs of published versions finish (and when a schedule
 * cannot run), stores each condition once, and sends each alert once to the
 * workflow's webhook or the server's.
 */
export function alertService(o: AlertServiceOptions) {
  const timers = new Set<() => void>();
  const sending = new Set<Promise<void>>();
  let closed = false;

  const settingsOf = (workflowId: string): AlertSettings => ({ ...DEFAULT_ALERT_SETTINGS, ...o.store.settings(workflowId) });
  const targetOf = (workflowId: string) => settingsOf(workflowId).webhookUrl ?? o.webhook;

  function payload(alert: Alert) {
    const workflow = o.workflows.get(alert.workflowId);
    const trigger = alert.runId ? o.schedules.triggerOf(alert.runId) : undefined;
    return {
      type: 'segflow.alert',
      alert: { id: alert.id, kind: alert.kind, severity: alert.severity, subject: alert.subject, message: alert.message, details: alert.details, createdAt: alert.createdAt },
      workflow: { id: alert.workflowId, name: workflow?.name ?? null },
      run: alert.runId ? { id: alert.runId, trigger: trigger?.trigger, scheduleId: trigger?.scheduleId } : null,
      scheduleId: alert.scheduleId,
    };
  }

  async function deliver(id: number): Promise<void> {
    const alert = o.store.get(id);
    if (closed || !alert || !o.store.claimDelivery(id)) return;
    const url = targetOf(alert.workflowId);
    if (!url) return o.store.finishDelivery(id, 'failed', 'No webhook is configured any more.');
    const own = o.store.settings(alert.workflowId)?.webhookUrl;
    const result = await postJson(url, payload(alert), {
      timeoutMs: o.timeoutMs ?? 10_000,
      headers: { 'idempotency-key': `segflow-alert-${alert.id}` },
      // The operator's URL is trusted; a publisher's is held to the allow list.
      ...(own ? { allow: o.allow } : {}),
    });
    if (result.ok) return o.store.finishDelivery(id, 'sent', null);
    const again = result.retry && alert.attempts + 1 < MAX_ATTEMPTS && !closed;
    o.store.finishDelivery(id, again ? 'retry' : 'failed', result.reason);
    o.logger.warn({ alertId: id, reason: result.reason, again }, 'an alert webhook failed');
    if (again) {
      const cancel = o.clock.setTimer(() => {
        timers.delete(cancel);
        send(id);
      }, RETRY_AFTER_MS[alert.attempts] ?? 15_000);
      timers.add(cancel);
    }
  }

  function send(id: number): void {
    const task = deliver(id).catch((err: unknown) => o.logger.error({ err, alertId: id }, 'sending an alert failed'));
    const tracked = task.finally(() => sending.delete(tracked));
    sending.add(tracked);
  }

  function raise(draft: AlertDraft, at: { condition: string; workflowId: string; runId?: string; scheduleId?: string }): Alert | undefined {
    const alert = o.store.add({
      ...draft, ...at, runId: at.runId ?? null, scheduleId: at.scheduleId ?? null, delivery: targetOf(at.workflowId) ? 'pending' : 'none',
    });
    if (alert) {
      o.logger.info({ alertId: alert.id, kind: alert.kind, workflowId: alert.workflowId, runId: alert.runId }, alert.message);
      if (alert.delivery === 'pending') send(alert.id);
    }
    return alert;
  }

  function check(run: CheckableRun): Alert[] {
    const { scheduleId } = o.schedules.triggerOf(run.id);
    const drafts = evaluateRun(run, o.store.previousSucceeded(run.workflowId, run.id), settingsOf(run.workflowId));
    const raised = drafts.flatMap(
      (draft) => raise(draft, { condition: `run:${run.id}:${draft.kind}:${draft.subject}`, workflowId: run.workflowId, runId: run.id, ...(scheduleId ? { scheduleId } : {}) }) ?? [],
    );
    o.store.markChecked(run.id, run.finishedAt);
    return raised;
  }

  return {
    settings: settingsOf,
    saveSettings: (workflowId: string, settings: AlertSettings) => o.store.saveSettings(workflowId, settings),

    /** Evaluates a finished run of a published version (drafts raise nothing); the alerts it newly raised. */
    checkRun(runId: string): Alert[] {
      const run = o.store.finishedRun(runId);
      return run ? check(run) : [];
    },

    /** A scheduled occurrence that could not run, or was missed while the server was down, is worth telling. */
    firingSettled(schedule: Schedule, firing: Firing): void {
      if (firing.outcome !== 'failed' && firing.outcome !== 'missed') return;
      const missed = firing.outcome === 'missed';
      raise(
        {
          kind: missed ? 'schedule_missed' : 'schedule_failed',
          severity: missed ? 'warning' : 'critical',
          subject: schedule.id,
          message: `Schedule ${schedule.cron} (${schedule.timezone}): ${firing.message ?? (missed ? 'missed' : 'could not run')}`,
          details: { scheduleId: schedule.id, occurrence: new Date(firing.occurrence).toISOString(), covers: firing.covers },
        },
        { condition: `schedule:${schedule.id}:${firing.occurrence}:${firing.outcome}`, workflowId: schedule.workflowId, scheduleId: schedule.id },
      );
    },

    /** After a start: checks runs that finished while no one listened, sends what was left unsent. */
    start(): void {
      const interrupted = o.store.failInterruptedDeliveries();
      if (interrupted) o.logger.warn({ alerts: interrupted }, 'alerts a stop caught while sending are not sent again');
      for (const run of o.store.unchecked()) check(run);
      for (const id of o.store.undelivered()) send(id);
    },

    async close(): Promise<void> {
      closed = true;
      for (const cancel of timers) cancel();
      await Promise.allSettled([...sending]);
    },
  };
}

export type AlertService = ReturnType<typeof alertService>;
