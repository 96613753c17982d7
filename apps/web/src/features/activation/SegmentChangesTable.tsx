import type { HistoryRun } from '../../api/history.queries.ts';
import { formatCount, formatWhen } from '../../app/format.ts';
import './activation.css';

const n = (value: number | undefined) => (value === undefined ? '—' : formatCount(value));

/** Per published run and segment: its size, who joined, who left, and how many a suppression list held back. */
export function SegmentChangesTable({ runs }: { runs: HistoryRun[] }) {
  const rows = runs.flatMap((run) => Object.entries(run.changes ?? {}).map(([segment, c]) => ({ run, segment, c })));
  if (!rows.length) return null;
  return (
    <table className="table segment-changes" data-testid="segment-changes">
      <thead>
        <tr><th>Run</th><th>Segment</th><th className="num">Customers</th><th className="num">Joined</th><th className="num">Left</th><th className="num">Suppressed</th></tr>
      </thead>
      <tbody>
        {rows.reverse().map(({ run, segment, c }) => (
          <tr key={`${run.id}-${segment}`}>
            <td>{formatWhen(run.startedAt ?? run.createdAt)} {run.version ? `· v${run.version}` : ''}</td>
            <td>{segment}</td>
            <td className="num">{n(run.segments[segment])}</td>
            <td className="num">{n(c.entered)}</td>
            <td className="num">{n(c.exited)}</td>
            <td className="num">{n(c.suppressed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
