import type { NodeRunState } from '@segflow/engine';
import { Ban, CheckCircle2, CircleAlert, Clock, Loader2, RotateCw, TriangleAlert } from 'lucide-react';
import { formatCount, formatDuration } from '../../app/format.ts';

const ICON = {
  pending: Clock, running: Loader2, retrying: RotateCw, succeeded: CheckCircle2, warning: TriangleAlert, failed: CircleAlert, skipped: Ban,
};

/**
 * The run status line under a node: what it is doing, how far, how many rows,
 * how long; while a failed attempt waits to be tried again, which attempt is next
 * of how many the step's retry policy allows.
 */
export function NodeRunStrip({ run, maxAttempts }: { run: NodeRunState; maxAttempts: number }) {
  const Icon = ICON[run.status];
  const finished = run.status === 'succeeded' || run.status === 'warning';
  const detail =
    run.status === 'running' ? `${Math.round(run.progress * 100)}%${run.partitionCount > 1 ? ` of ${run.partitionCount} parts` : ''}`
    // `attempts` is the attempt about to start (node-retrying announces it).
    : run.status === 'retrying' ? `attempt ${run.attempts} of ${maxAttempts}`
    : finished ? `${formatCount(run.rows)} · ${formatDuration(run.ms)}`
    : run.status === 'failed' ? formatDuration(run.ms)
    : '';
  const why = [finished ? `${formatCount(run.rows)} rows in ${formatDuration(run.ms)}.` : '', run.error, ...run.problems.map((p) => p.message)].filter(Boolean).join(' ');
  return (
    <div className={`sf-run-strip is-${run.status}`} title={why || undefined} data-testid="node-run-status">
      <Icon size={13} className={run.status === 'running' ? 'spin' : undefined} aria-hidden />
      <span className="sf-run-status">{run.status}</span>
      <span className="sf-run-detail">{detail}</span>
      {run.status === 'running' && (
        <span className="sf-run-progress" aria-hidden>
          <span style={{ width: `${Math.round(run.progress * 100)}%` }} />
        </span>
      )}
    </div>
  );
}
