import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { historyQuery, type HistoryRun } from '../../api/history.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatDay, formatWhen } from '../../app/format.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectWorkflowId } from '../../store/selectors.ts';
import { RunCompareTable } from './RunCompareTable.tsx';
import { TrendChart } from './TrendChart.tsx';
import { MemberLookup } from '../activation/MemberLookup.tsx';
import { SegmentChangesTable } from '../activation/SegmentChangesTable.tsx';
import './history.css';

const runLabel = (run: HistoryRun, i: number) =>
  `#${i + 1} · as of ${formatDay(run.asOf)} · ran ${formatWhen(run.startedAt ?? run.createdAt)} · ${run.version ? `v${run.version}` : 'draft'}${run.trigger === 'schedule' ? ' · scheduled' : ''}`;

/**
 * Each segment's size over the workflow's runs, with its expected range as a
 * band, and two runs compared step by step. Picking a point compares it with the run before.
 */
export function TrendsPanel() {
  const workflowId = useEditor(selectWorkflowId);
  const history = useQuery(historyQuery(workflowId));
  const [pair, setPair] = useState<{ a: string | null; b: string | null }>({ a: null, b: null });

  if (history.isPending) return <p className="empty">Loading history…</p>;
  if (history.isError) return <div className="panel-pad"><ErrorNote error={history.error} /></div>;
  const { runs, outputs } = history.data;
  if (runs.length === 0) return <p className="empty">No runs yet: the sizes of each segment appear here run after run.</p>;

  const index = new Map(runs.map((r, i) => [r.id, i]));
  const labelOf = (id: string) => (index.has(id) ? runLabel(runs[index.get(id)!], index.get(id)!) : id);
  const pick = (runId: string) => {
    const i = index.get(runId) ?? 0;
    setPair({ a: i > 0 ? runs[i - 1].id : null, b: runId });
  };
  const selected = new Set([pair.a, pair.b].filter((id): id is string => !!id));

  return (
    <div className="trends">
      <div className="trends-side">
        <p className="hint">{runs.length} run{runs.length === 1 ? '' : 's'}, oldest on the left, each at the day it counted as of. A red point is outside its expected range; pick a point to compare it with the run before.</p>
        <h4>Compare two runs</h4>
        {(['a', 'b'] as const).map((side) => (
          <label key={side} className="field">
            <span>{side === 'a' ? 'Run A' : 'Run B'}</span>
            <select className="select" value={pair[side] ?? ''} onChange={(e) => setPair({ ...pair, [side]: e.target.value || null })}>
              <option value="">Choose a run…</option>
              {runs.map((r, i) => <option key={r.id} value={r.id}>{runLabel(r, i)}</option>)}
            </select>
          </label>
        ))}
      </div>
      <div className="trends-main">
        <div className="trend-grid" data-testid="trend-charts">
          {outputs.map((o) => <TrendChart key={o.segment} output={o} runs={runs} selected={selected} onPick={pick} />)}
        </div>
        {pair.a && pair.b && pair.a !== pair.b && <RunCompareTable a={pair.a} b={pair.b} labelOf={labelOf} />}
        <SegmentChangesTable runs={runs} />
        <MemberLookup workflowId={workflowId} />
      </div>
    </div>
  );
}
