import { getNodeDefinition } from '@segflow/engine';
import { useQuery } from '@tanstack/react-query';
import { compareRunsQuery } from '../../api/history.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatCount, formatDay } from '../../app/format.ts';
import { namedByKind } from '../canvas/node-name.ts';

const count = (n: number | null) => (n === null ? '—' : formatCount(n));

function Difference({ diff, pct }: { diff: number | null; pct: number | null }) {
  if (diff === null) return <span className="muted">—</span>;
  if (diff === 0) return <span className="muted">same</span>;
  return (
    <span className={diff < 0 ? 'diff-down' : 'diff-up'}>
      {diff > 0 ? '+' : '−'}{formatCount(Math.abs(diff))}{pct !== null ? ` (${pct > 0 ? '+' : ''}${pct}%)` : ''}
    </span>
  );
}

/** Two runs node by node: the rows each step kept and the difference, to see where a segment changed. */
/** A step's kind as the palette names it ("Filter", not "filter"). */
const kindWords = (kind: string) => getNodeDefinition(kind)?.label ?? kind;

export function RunCompareTable({ a, b, labelOf }: { a: string; b: string; labelOf: (runId: string) => string }) {
  const compare = useQuery(compareRunsQuery(a, b));
  if (compare.isPending) return <p className="hint">Comparing…</p>;
  if (compare.isError) return <ErrorNote error={compare.error} />;
  const { nodes, segments, a: runA, b: runB } = compare.data;
  return (
    <>
    {runA.asOf !== runB.asOf && (
      <p className="hint" data-testid="compare-as-of">
        Run A counted as of {formatDay(runA.asOf)} and run B as of {formatDay(runB.asOf)}: part of each difference is the change of day, not of the workflow.
      </p>
    )}
    <table className="table compare-runs" data-testid="run-compare">
      <thead>
        <tr>
          <th>Step</th>
          <th className="num">{labelOf(a)}</th>
          <th className="num">{labelOf(b)}</th>
          <th className="num">Difference</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.nodeId} className={n.diff ? 'is-changed' : undefined}>
            <td>{n.label}{!namedByKind(n.label, n.kind) && <span className="muted"> {kindWords(n.kind)}</span>}</td>
            <td className="num">{count(n.a)}</td>
            <td className="num">{count(n.b)}</td>
            <td className="num"><Difference diff={n.diff} pct={n.changePct} /></td>
          </tr>
        ))}
        {segments.map((s) => (
          <tr key={`segment-${s.segment}`} className="compare-segment">
            <td>Segment {s.segment}</td>
            <td className="num">{count(s.a)}</td>
            <td className="num">{count(s.b)}</td>
            <td className="num"><Difference diff={s.diff} pct={s.changePct} /></td>
          </tr>
        ))}
      </tbody>
    </table>
    </>
  );
}
