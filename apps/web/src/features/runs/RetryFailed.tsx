import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RotateCcw } from 'lucide-react';
import { retryRun, runKeys, runQuery } from '../../api/runs.queries.ts';
import { useMe } from '../../app/auth-context.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { canRetryRun } from '../../app/permissions.ts';
import { failedOnSizeOnly } from './run-failures.ts';
import { followRetry, type RunView } from './use-run-stream.ts';

const RETRYABLE = new Set(['partial', 'failed']);

/**
 * "Retry failed" on a finished partial or failed run: the same run goes on,
 * running only its failed and skipped steps; the view follows its stream on.
 */
export function RetryFailed({ run, workflowId }: { run: RunView; workflowId: string }) {
  const { runId } = run.state;
  const me = useMe();
  const queryClient = useQueryClient();
  const finished = !run.live && !!run.state.finishedAt && RETRYABLE.has(run.state.status);
  // The server says whether it still can be retried (not pruned) and whether it ran a published version.
  const detail = useQuery({ ...runQuery(runId), enabled: finished });
  const retry = useMutation({
    mutationFn: () => retryRun(runId),
    onSuccess: () => {
      followRetry(queryClient, runId);
      void queryClient.invalidateQueries({ queryKey: runKeys.history(workflowId) });
    },
  });

  if (retry.isPending || run.resuming) return <span className="hint" role="status">Retrying the failed steps…</span>;
  // A retry runs the same settings on the same data: a segment outside its expected size would only fail again.
  if (finished && failedOnSizeOnly(run.state)) return <span className="hint">Change the expected size or the rules, then start a new run.</span>;
  const allowed = finished && detail.data?.retryable && canRetryRun(me, detail.data);
  return (
    <>
      {allowed && (
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => retry.mutate()}
          title="Runs the failed and skipped steps again. Steps that finished are reused; delivered batches are not sent twice."
        >
          <RotateCcw size={13} aria-hidden /> Retry failed
        </button>
      )}
      <ErrorNote error={retry.error} />
    </>
  );
}
