import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { alertKeys, alertsQuery, markAllAlertsRead } from '../../api/alerts.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectWorkflowId } from '../../store/selectors.ts';
import { AlertList } from './AlertList.tsx';
import { AlertSettingsForm } from './AlertSettingsForm.tsx';
import './alerts.css';

/** The workflow's alerts beside what raises them and where they are sent. */
export function WorkflowAlertsPanel() {
  const workflowId = useEditor(selectWorkflowId);
  const alerts = useQuery(alertsQuery(workflowId));
  const queryClient = useQueryClient();
  const readAll = useMutation({ mutationFn: () => markAllAlertsRead(workflowId), onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }) });
  return (
    <div className="workflow-alerts">
      <AlertSettingsForm workflowId={workflowId} />
      <div className="workflow-alerts-main">
        {(alerts.data?.unread ?? 0) > 0 && (
          <div className="panel-row">
            <span className="muted">{alerts.data!.unread} unread</span>
            <button type="button" className="btn btn-sm" onClick={() => readAll.mutate()} disabled={readAll.isPending}>Mark all read</button>
          </div>
        )}
        <ErrorNote error={alerts.error ?? readAll.error} />
        {alerts.data && <AlertList alerts={alerts.data.alerts} />}
      </div>
    </div>
  );
}

/** How many of a workflow's alerts are unread, for its tab. */
export function useUnreadAlerts(workflowId: string): number {
  return useQuery(alertsQuery(workflowId)).data?.unread ?? 0;
}
