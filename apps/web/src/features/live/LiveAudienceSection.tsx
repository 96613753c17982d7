import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReconcileView } from '@segflow/contract';
import { liveKeys, liveStatusQuery, reconcileNow, setLive } from '../../api/live.queries.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatCount } from '../../app/format.ts';

/** What a reconcile found, in a sentence. */
export function reconcileWords(r: ReconcileView): string {
  const when = new Date(r.at).toLocaleString();
  if (r.fixed === 0) return `Last checked against a batch computation on ${when}: no differences.`;
  const parts = r.segments.filter((s) => s.missing + s.extra > 0).map((s) => `${s.segment}: ${formatCount(s.missing)} missing, ${formatCount(s.extra)} extra`);
  return `Last checked against a batch computation on ${when}: ${formatCount(r.fixed)} difference${r.fixed === 1 ? '' : 's'} fixed (${parts.join('; ')}).`;
}

/**
 * The real-time flag of the published version: when on, events sent to
 * POST /api/events change memberships at once and every enter and exit goes
 * to the webhooks. Shows members and the last reconcile.
 */
export function LiveAudienceSection({ workflowId, published }: { workflowId: string; published: boolean }) {
  const queryClient = useQueryClient();
  const canChange = useCan('PUT /api/workflows/:id/live');
  const status = useQuery({ ...liveStatusQuery(workflowId), enabled: published });
  const refresh = () => queryClient.invalidateQueries({ queryKey: liveKeys.status(workflowId) });
  const toggle = useMutation({ mutationFn: (enabled: boolean) => setLive(workflowId, enabled), onSuccess: refresh });
  const reconcile = useMutation({ mutationFn: () => reconcileNow(workflowId), onSuccess: refresh });
  const live = status.data;

  return (
    <div className="live-audience" data-testid="live-audience">
      <label className="check">
        <input
          type="checkbox"
          checked={live?.enabled ?? false}
          disabled={!published || !canChange || toggle.isPending || !live}
          onChange={(e) => toggle.mutate(e.target.checked)}
        />
        <span>Real-time: membership changes as events arrive, and each enter and exit goes to the webhooks within a second</span>
      </label>
      {!published && <p className="hint">Publish a version first: the live audience follows the published version.</p>}
      {live?.enabled && (
        <>
          <p className="hint" data-testid="live-members">
            {formatCount(live.customers)} customers seen live.{' '}
            {Object.entries(live.members).map(([segment, n]) => `${segment}: ${formatCount(n)} members`).join(', ') || 'No members yet.'}
            {live.pendingDeliveries > 0 ? ` ${formatCount(live.pendingDeliveries)} changes waiting for a webhook.` : ''}
          </p>
          <p className="hint" data-testid="live-reconcile">{live.lastReconcile ? reconcileWords(live.lastReconcile) : 'Not yet checked against a batch computation (done every night).'}</p>
          {canChange && (
            <button type="button" className="btn btn-sm" disabled={reconcile.isPending} onClick={() => reconcile.mutate()}>
              {reconcile.isPending ? 'Checking…' : 'Check against a batch computation now'}
            </button>
          )}
        </>
      )}
      <ErrorNote error={status.error ?? toggle.error ?? reconcile.error} />
    </div>
  );
}
