import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryOutput, HistoryRun } from '../../api/history.queries.ts';
import { formatCount, formatTime } from '../../app/format.ts';
import { describeRange, trendSeries, type TrendPoint } from './trend-series.ts';
import { namedByKind } from '../canvas/node-name.ts';

const BAND = '#1f7a3a';
const LINE = '#25292e';
const OUTSIDE = '#c42b2b';

interface DotProps {
  cx?: number;
  cy?: number;
  payload?: TrendPoint;
}

function Point({ cx, cy, payload, selected, onPick }: DotProps & { selected: Set<string>; onPick: (runId: string) => void }) {
  if (cx === undefined || cy === undefined || !payload || payload.size === null) return null;
  const picked = selected.has(payload.runId);
  return (
    <g className="trend-point-hit" onClick={() => onPick(payload.runId)}>
      <circle cx={cx} cy={cy} r={10} fill="transparent" />
      <circle
        className={`trend-point${payload.outside ? ' is-outside' : ''}`}
        data-run-id={payload.runId}
        cx={cx}
        cy={cy}
        r={picked ? 6 : 4}
        fill={payload.outside ? OUTSIDE : LINE}
        stroke={picked ? '#4c6ef5' : '#fff'}
        strokeWidth={picked ? 3 : 1.5}
      />
    </g>
  );
}

function PointTip({ active, payload }: { active?: boolean; payload?: { payload: TrendPoint }[] }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  const { run } = point;
  return (
    <div className="trend-tip">
      <strong>{point.size === null ? 'no segment' : formatCount(point.size)}</strong>
      <span>as of {point.label} · ran {formatTime(run.startedAt ?? run.createdAt)}</span>
      <span>{run.version ? `v${run.version}` : 'draft'} · {run.trigger} · {run.status}{point.outside ? ' · outside the range' : ''}</span>
    </div>
  );
}

/** One segment's size over runs, oldest left, with its expected range as a band; a click on a point picks that run. */
export function TrendChart({ output, runs, selected, onPick }: { output: HistoryOutput; runs: HistoryRun[]; selected: Set<string>; onPick: (runId: string) => void }) {
  const { points, top } = trendSeries(output, runs);
  const range = describeRange(output.expect, formatCount);
  return (
    <figure className="trend" data-testid={`trend-${output.segment}`}>
      <figcaption>
        {/* The segment's name, as History and the files call it; the step's own name beside it when it says something else than its kind. */}
        <strong>{output.segment}</strong>
        {output.label && output.label !== output.segment && !namedByKind(output.label, 'output') && <span className="muted"> · {output.label}</span>}
        {range && <span className="muted"> · {range}</span>}
        {output.maxChangePct !== null && <span className="muted"> · alerts beyond ±{output.maxChangePct}%</span>}
      </figcaption>
      <div className="trend-plot">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="#e3e3df" />
            {output.expect && (
              <ReferenceArea y1={output.expect.min ?? 0} y2={output.expect.max ?? top} fill={BAND} fillOpacity={0.1} stroke={BAND} strokeOpacity={0.35} strokeDasharray="4 3" ifOverflow="extendDomain" />
            )}
            <XAxis dataKey="label" fontSize={11} tickLine={false} />
            <YAxis domain={[0, top]} fontSize={11} width={56} tickFormatter={(v: number) => formatCount(v)} allowDecimals={false} />
            <Tooltip content={<PointTip />} />
            <Line type="linear" dataKey="size" stroke={LINE} strokeWidth={1.5} connectNulls isAnimationActive={false} dot={<Point selected={selected} onPick={onPick} />} activeDot={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
