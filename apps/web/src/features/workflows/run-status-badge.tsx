import type { NodeRunStatus, RunStatus } from '@segflow/engine';

const TONE: Record<RunStatus | NodeRunStatus, '' | 'ok' | 'warn' | 'bad' | 'busy'> = {
  queued: '', pending: '', running: 'busy', retrying: 'busy',
  succeeded: 'ok', warning: 'warn', partial: 'warn', skipped: '', failed: 'bad', cancelled: '',
};

/** A run's or a node's status as a small coloured word. */
export function RunStatusBadge({ status }: { status: RunStatus | NodeRunStatus }) {
  return <span className={`badge ${TONE[status] ?? ''}`}>{status}</span>;
}

export const statusTone = (status: RunStatus | NodeRunStatus) => TONE[status] ?? '';
