import type { AppContext } from '../context.ts';
import type { NewAuditEntry } from '../store/audit.store.ts';
import type { RouteKey } from './policy.ts';

type Describe = (params: Record<string, string>, ctx: AppContext) => () => Omit<NewAuditEntry, 'actor'>;

/**
 * Routes whose success is written to the audit log. Each reads what it needs
 * before the handler runs (a deleted workflow's name is gone after) and returns
 * the entry to write if the answer is a 2xx. Account changes are logged by the
 * account routes themselves, which know the before and after.
 */
export const AUDITED_ROUTES: Partial<Record<RouteKey, Describe>> = {
  'POST /api/workflows/:id/publish': ({ id }, ctx) => () => {
    const workflow = ctx.workflows.get(id);
    return { action: 'workflow.publish', target: id, details: { name: workflow?.name, version: workflow?.publishedVersion } };
  },
  'POST /api/workflows/:id/versions/:n/restore': ({ id, n }, ctx) => () =>
    ({ action: 'workflow.restore', target: id, details: { name: ctx.workflows.get(id)?.name, version: Number(n) } }),
  'DELETE /api/workflows/:id': ({ id }, ctx) => {
    const name = ctx.workflows.get(id)?.name;
    return () => ({ action: 'workflow.delete', target: id, details: { name } });
  },
  'DELETE /api/datasets/:name': ({ name }) => () => ({ action: 'dataset.delete', target: name }),
  'PUT /api/datasets/:name': ({ name }) => () => ({ action: 'dataset.replace', target: name }),
  // Schedules start runs of published versions, and alert settings say where alerts are sent.
  'POST /api/workflows/:id/schedules': ({ id }) => () => ({ action: 'schedule.create', target: id }),
  'PATCH /api/schedules/:scheduleId': ({ scheduleId }) => () => ({ action: 'schedule.update', target: scheduleId }),
  'POST /api/schedules/:scheduleId/pause': ({ scheduleId }) => () => ({ action: 'schedule.pause', target: scheduleId }),
  'POST /api/schedules/:scheduleId/resume': ({ scheduleId }) => () => ({ action: 'schedule.resume', target: scheduleId }),
  'DELETE /api/schedules/:scheduleId': ({ scheduleId }) => () => ({ action: 'schedule.delete', target: scheduleId }),
  'PUT /api/workflows/:id/alert-settings': ({ id }) => () => ({ action: 'alerts.settings', target: id }),
};
