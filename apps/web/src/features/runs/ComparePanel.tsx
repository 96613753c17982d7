import { useMutation } from '@tanstack/react-query';
import { Gauge } from 'lucide-react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { compareModes } from '../../api/compare.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatDuration } from '../../app/format.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectWorkflowId } from '../../store/selectors.ts';
import { useFlushSave } from '../canvas/autosave-context.tsx';

/** Runs the workflow on a sample in every mode and charts measured and projected times. */
export function ComparePanel() {
  const workflowId = useEditor(selectWorkflowId);
  const flush = useFlushSave();
  const compare = useMutation({
    mutationFn: async () => {
      await flush();
      return compareModes(workflowId);
    },
  });
  const data = compare.data?.modes.map((m) => ({ mode: m.mode, measured: m.measuredMs, projected: m.projectedMs }));
  const hasProjection = data?.some((d) => d.projected !== undefined);
  const best = data && [...data].sort((a, b) => (a.projected ?? a.measured) - (b.projected ?? b.measured))[0];

  return (
    <div className="compare">
      <div className="compare-side">
        <p className="hint">Runs this workflow on a sample in each mode and projects the time on all your data, so you can choose with numbers.</p>
        <button type="button" className="btn" onClick={() => compare.mutate()} disabled={compare.isPending}>
          <Gauge size={15} /> {compare.isPending ? 'Measuring…' : data ? 'Measure again' : 'Measure'}
        </button>
        <ErrorNote error={compare.error} />
        {compare.data?.sampleFraction !== undefined && <p className="hint">Measured on {Math.round(compare.data.sampleFraction * 100)}% of customers.</p>}
        {best && <p><strong>{best.mode}</strong> is fastest here{hasProjection ? ` (about ${formatDuration(best.projected ?? best.measured)} on all data)` : ''}.</p>}
      </div>
      <div className="compare-chart" data-testid="compare-chart">
        {data ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
              <CartesianGrid horizontal={false} stroke="#e3e3df" />
              <XAxis type="number" tickFormatter={(v: number) => formatDuration(v)} fontSize={11} />
              <YAxis type="category" dataKey="mode" width={84} fontSize={12} />
              <Tooltip formatter={(v) => formatDuration(Number(v))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="measured" name="Measured on the sample" fill="#8b8f96" radius={2} />
              {hasProjection && <Bar dataKey="projected" name="Projected on all data" fill="#25292e" radius={2} />}
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <p className="hint">The chart appears after measuring.</p>
        )}
      </div>
    </div>
  );
}
