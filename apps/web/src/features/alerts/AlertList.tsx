import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, CircleX } from 'lucide-react';
import { Link } from 'wouter';
import { alertKeys, markAlertRead, type Alert } from '../../api/alerts.queries.ts';
import { formatTime, formatWhen } from '../../app/format.ts';

const KIND: Record<Alert['kind'], string> = {
  run_failed: 'Run failed',
  run_partial: 'Run partly failed',
  segment_out_of_range: 'Outside expected range',
  segment_change: 'Segment changed',
  data_quality: 'Data quality',
  schedule_failed: 'Schedule could not run',
  schedule_missed: 'Schedule missed',
};

const DELIVERY: Partial<Record<Alert['delivery'], string>> = { sent: 'sent to the webhook', retry: 'webhook: retrying', failed: 'webhook failed', unknown: 'webhook: unknown' };

/** Alerts newest first; unread ones stand out and are read with a click. */
export function AlertList({ alerts, showWorkflow, onOpen }: { alerts: Alert[]; showWorkflow?: boolean; onOpen?: () => void }) {
  const queryClient = useQueryClient();
  const read = useMutation({ mutationFn: markAlertRead, onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }) });
  if (alerts.length === 0) return <p className="empty">No alerts. Runs of published versions that go wrong show up here.</p>;
  return (
    <ul className="alert-list" data-testid="alert-list">
      {alerts.map((a) => (
        <li key={a.id} className={`alert-item${a.readAt ? '' : ' is-unread'}`}>
          {a.severity === 'critical' ? <CircleX size={16} className="alert-icon bad" aria-label="critical" /> : <AlertTriangle size={16} className="alert-icon warn" aria-label="warning" />}
          <div className="alert-body">
            <div className="alert-head">
              <strong>{KIND[a.kind]}</strong>
              {showWorkflow && (
                <Link href={`/workflows/${a.workflowId}`} onClick={onOpen} className="alert-workflow">{a.workflowName ?? a.workflowId}</Link>
              )}
              <span className="muted" title={formatTime(a.createdAt)}>{formatWhen(a.createdAt)}</span>
            </div>
            <p>{a.message}</p>
            {DELIVERY[a.delivery] && <span className="hint" title={a.deliveryError ?? undefined}>{DELIVERY[a.delivery]}</span>}
          </div>
          {!a.readAt && (
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => read.mutate(a.id)} disabled={read.isPending}>Mark read</button>
          )}
        </li>
      ))}
    </ul>
  );
}
