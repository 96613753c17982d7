import type { NodeRunStatus } from '@segflow/engine';
import { useEffect, useMemo, useState } from 'react';
import { formatDuration } from '../../app/format.ts';
import { timelineRows, type Timeline } from './timeline.ts';

const LABEL_WIDTH = 190;
const BAR_HEIGHT = 8;
const BAR_GAP = 2;
const ROW_PAD = 6;
const AXIS = 22;

const FILL: Record<NodeRunStatus, string> = {
  pending: 'var(--idle)', running: 'var(--busy)', retrying: 'var(--busy)', succeeded: 'var(--ok)',
  warning: 'var(--warn)', failed: 'var(--bad)', skipped: 'var(--idle)',
};

function niceStep(spanMs: number): number {
  const raw = spanMs / 6;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
}

interface Props {
  timeline: Timeline;
  order: readonly string[];
  labelOf: (nodeId: string) => string;
  live: boolean;
  width: number;
}

/**
 * Nodes down, time across, one thin bar per partition: sequential runs read as a
 * staircase, parallel ones as stacked bars side by side, hybrid as waves between
 * barriers. Running bars grow with the clock.
 */
export function Gantt({ timeline, order, labelOf, live, width }: Props) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [live]);

  const rows = useMemo(() => timelineRows(timeline, order), [timeline, order]);
  if (!timeline.startedAt || rows.length === 0) return <p className="hint">The timeline appears once the run starts.</p>;

  const start = timeline.startedAt;
  const end = timeline.finishedAt ?? Math.max(now, ...rows.flatMap((r) => r.bars.map((b) => b.end ?? b.start)));
  const span = Math.max(end - start, 1);
  const plot = Math.max(width - LABEL_WIDTH - 16, 100);
  const x = (t: number) => LABEL_WIDTH + ((t - start) / span) * plot;
  const heights = rows.map((r) => r.bars.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_PAD * 2);
  const tops = heights.map((_, i) => AXIS + heights.slice(0, i).reduce((a, b) => a + b, 0));
  const height = AXIS + heights.reduce((a, b) => a + b, 0) + 4;
  const step = niceStep(span);
  // A "resumed" mark's word sits right of its line, or left of it near the end; a tick under it gives way.
  const marks = timeline.resumedAt.map((t) => ({ t, side: x(t) + 64 > width ? -1 : 1 }));
  const ticks = Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => i * step).filter(
    (t) => !marks.some((m) => Math.abs(x(start + t) - (x(m.t) + m.side * 28)) < 44),
  );

  return (
    <svg className="gantt" width={width} height={height} role="img" aria-label="Run timeline: steps and partitions over time">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(start + t)} x2={x(start + t)} y1={AXIS - 4} y2={height} stroke="var(--border)" />
          <text x={x(start + t)} y={12} textAnchor="middle" className="gantt-tick">{formatDuration(t)}</text>
        </g>
      ))}
      {rows.map((row, i) => (
        <g key={row.nodeId} data-testid={`gantt-row-${row.nodeId}`}>
          {i % 2 === 1 && <rect x={0} y={tops[i]} width={width} height={heights[i]} fill="var(--panel-sunken)" />}
          <text x={8} y={tops[i] + heights[i] / 2 + 4} className="gantt-label">
            {labelOf(row.nodeId).length > 26 ? `${labelOf(row.nodeId).slice(0, 25)}…` : labelOf(row.nodeId)}
            {row.bars.length > 1 ? ` ×${row.bars.length}` : ''}
          </text>
          {row.bars.map((bar, j) => {
            const x0 = x(bar.start);
            const x1 = x(bar.end ?? (timeline.finishedAt ?? now));
            return (
              <rect
                key={j}
                x={x0}
                y={tops[i] + ROW_PAD + j * (BAR_HEIGHT + BAR_GAP)}
                width={Math.max(x1 - x0, 2)}
                height={BAR_HEIGHT}
                rx={2}
                fill={FILL[bar.status]}
                opacity={bar.status === 'skipped' ? 0.5 : 1}
              >
                <title>
                  {`${labelOf(row.nodeId)}${bar.partition === null ? '' : `, part ${bar.partition + 1}`}: ${bar.status}, ${formatDuration((bar.end ?? now) - bar.start)}${bar.rows !== undefined ? `, ${bar.rows} rows` : ''}`}
                </title>
              </rect>
            );
          })}
        </g>
      ))}
      {/* Where a retry (or a restart) picked the run up again: what comes after is the rerun part. */}
      {marks.map(({ t, side }) => (
        <g key={t} className="gantt-resumed">
          <line x1={x(t)} x2={x(t)} y1={AXIS - 4} y2={height} strokeDasharray="3 3" />
          <text x={x(t) + side * 4} y={12} textAnchor={side > 0 ? 'start' : 'end'}>resumed</text>
        </g>
      ))}
    </svg>
  );
}
