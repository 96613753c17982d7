import { useMutation } from '@tanstack/react-query';
import { dryRun, type DrySegment } from '../../api/activation.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatCount } from '../../app/format.ts';
import './activation.css';

const sample = (keys: string[]) => (keys.length ? keys.join(', ') : '—');

function sizeChange(s: DrySegment): string {
  if (s.previousCount === null) return 'first delivery: everyone is new';
  const diff = s.count - s.previousCount;
  return diff === 0 ? 'same size as last time' : `${diff > 0 ? '+' : '−'}${formatCount(Math.abs(diff))} since last time`;
}

/** The next delivery's changes per segment, as a dry run computes them. */
export function DryRunResult({ segments }: { segments: DrySegment[] }) {
  if (!segments.length) return <p className="muted">No segment would be delivered.</p>;
  return (
    <table className="table dry-run-table" data-testid="dry-run">
      <thead>
        <tr>
          <th>Segment</th><th className="num">Customers</th><th className="num">New</th><th className="num">Leaving</th><th className="num">Staying</th><th>Size</th>
        </tr>
      </thead>
      <tbody>
        {segments.map((s) => (
          <tr key={s.nodeId}>
            <td>
              {s.segment}
              {s.suppressed > 0 && <div className="muted">{formatCount(s.suppressed)} suppressed</div>}
            </td>
            <td className="num">{formatCount(s.count)}</td>
            <td className="num" title={`For example: ${sample(s.samples.entered)}`}>{formatCount(s.entered)}</td>
            <td className="num" title={`For example: ${sample(s.samples.exited)}`}>{formatCount(s.exited)}</td>
            <td className="num" title={`For example: ${sample(s.samples.unchanged)}`}>{formatCount(s.unchanged)}</td>
            <td>
              {sizeChange(s)}
              {s.outsideExpected && <div className="error-text">{s.outsideExpected}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * "Dry run": computes what the next delivery would send, without sending it.
 * Hover a number to see a few of the customers it counts.
 */
export function DryRunButton({ workflowId, version, asOf, beforeRun }: {
  workflowId: string;
  version?: number;
  /** The day on screen; without it the saved one. */
  asOf?: string;
  /** Called first, e.g. to save the draft being edited, so the dry run computes what is on screen. */
  beforeRun?: () => Promise<unknown>;
}) {
  const run = useMutation({
    mutationFn: async () => {
      await beforeRun?.();
      return dryRun(workflowId, version, asOf);
    },
  });
  return (
    <div className="dry-run">
      <button type="button" className="btn btn-sm" onClick={() => run.mutate()} disabled={run.isPending}>
        {run.isPending ? 'Working out the next delivery…' : 'Dry run'}
      </button>
      <span className="muted"> See who would be added and removed, without sending anything.</span>
      <ErrorNote error={run.error} />
      {run.data && <DryRunResult segments={run.data.segments} />}
    </div>
  );
}
