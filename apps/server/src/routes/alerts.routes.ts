import { Router } from 'express';
import { checkWebhookUrl } from '@segflow/engine/node';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { idParams, parseWith } from '../http/parse.ts';
import type { AlertSettings } from '../services/alerts/evaluate-run.ts';
import type { Operations } from '../services/schedules/operations.ts';
import type { Alert } from '../store/alerts.store.ts';
import { workflowOr404 } from './lookups.ts';
import { alertListQuery, alertParams, alertSettingsBody, readAlertsBody, type ResponseOf } from '@segflow/contract';

const hostOf = (url: string | null) => (url ? new URL(url).host : null);

export function alertRoutes(ctx: AppContext, ops: Operations): Router {
  const router = Router();

  function settingsView(workflowId: string, settings: AlertSettings): ResponseOf<'GET /api/workflows/:id/alert-settings', 200> {
    const { webhookUrl, ...rest } = settings;
    return { workflowId, ...rest, webhook: { own: hostOf(webhookUrl), server: Boolean(ctx.config.alertWebhook) } };
  }

  function views(alerts: Alert[]) {
    const names = new Map<string, string | null>();
    const nameOf = (id: string) => {
      if (!names.has(id)) names.set(id, ctx.workflows.get(id)?.name ?? null);
      return names.get(id)!;
    };
    return alerts.map((a) => ({ ...a, workflowName: nameOf(a.workflowId) }));
  }

  router.get('/alerts', (req, res) => {
    const query = parseWith(alertListQuery, req.query, 'query');
    const alerts = ops.alertStore.list({ ...query, unread: query.unread ?? false });
    res.json({
      alerts: views(alerts),
      unread: ops.alertStore.unreadCount(query.workflowId),
      next: alerts.length === query.limit ? alerts.at(-1)!.id : null,
    } satisfies ResponseOf<'GET /api/alerts', 200>);
  });

  // Read is shared by the team: one person reading an alert reads it for everyone.
  router.post('/alerts/read', (req, res) => {
    const { workflowId } = parseWith(readAlertsBody, req.body ?? {}, 'body');
    const marked = ops.alertStore.markAllRead(workflowId);
    res.json({ marked, unread: ops.alertStore.unreadCount() } satisfies ResponseOf<'POST /api/alerts/read', 200>);
  });

  router.post('/alerts/:alertId/read', (req, res) => {
    const { alertId } = parseWith(alertParams, req.params, 'params');
    if (!ops.alertStore.get(alertId)) throw notFound(`Alert ${alertId}`);
    ops.alertStore.markRead(alertId);
    res.json({ alert: views([ops.alertStore.get(alertId)!])[0], unread: ops.alertStore.unreadCount() } satisfies ResponseOf<'POST /api/alerts/:alertId/read', 200>);
  });

  router.get('/workflows/:id/alert-settings', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    workflowOr404(ctx, id);
    res.json(settingsView(id, ops.alerts.settings(id)));
  });

  router.put('/workflows/:id/alert-settings', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const body = parseWith(alertSettingsBody, req.body ?? {}, 'body');
    workflowOr404(ctx, id);
    if (body.webhookUrl) {
      const refused = checkWebhookUrl(body.webhookUrl, ctx.config.webhookAllowList);
      if (refused) throw new HttpError(400, 'invalid_request', refused, { issues: [{ path: 'webhookUrl', message: refused }] });
    }
    const current = ops.alerts.settings(id);
    const next: AlertSettings = {
      outputs: body.outputs ?? current.outputs,
      webhookUrl: body.webhookUrl === undefined ? current.webhookUrl : body.webhookUrl,
      dataQualityThreshold: body.dataQualityThreshold ?? current.dataQualityThreshold,
    };
    ops.alerts.saveSettings(id, next);
    res.json(settingsView(id, next));
  });

  return router;
}
