import { useQuery } from '@tanstack/react-query';
import type { Schema } from '@segflow/engine';
import { useState } from 'react';
import { breakdownQuery } from '../../api/insight.queries.ts';
import { formatCount } from '../../app/format.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { usePreview } from '../preview/preview-context.tsx';
import { BreakdownChart } from './BreakdownChart.tsx';
import { breakdownBars } from './breakdown-bars.ts';

/**
 * The column first shown: the newest one, not the key. Columns are in the order
 * steps add them, so that is what this step (or the nearest step above) computed,
 * e.g. "tier" under Tier, rather than the profiles' first column (often an e-mail).
 */
export const firstColumn = (schema: Schema) => schema.columns.findLast((c) => c.name !== schema.key)?.name ?? schema.columns[0]?.name ?? '';

/** One step's members broken down by a column the user picks. */
export function BreakdownView({ workflowId, nodeId, label, schema }: { workflowId: string; nodeId: string; label: string; schema: Schema }) {
  const { document, documentKey, asOf } = usePreview();
  const [picked, setPicked] = useState<Record<string, string>>({});
  const column = schema.columns.some((c) => c.name === picked[nodeId]) ? picked[nodeId] : firstColumn(schema);
  const result = useQuery({ ...breakdownQuery(workflowId, nodeId, column, document, documentKey, asOf), enabled: !!column });
  const noun = schema.kind === 'events' ? 'events' : 'customers';
  const data = result.data;

  return (
    <div className="insight-breakdown">
      <div className="insight-head">
        <label className="insight-column">
          <span>{`“${label}” by`}</span>
          <select value={column} onChange={(e) => setPicked({ ...picked, [nodeId]: e.target.value })} aria-label="Column to break down by">
            {schema.columns.map((c) => (
              <option key={c.name} value={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        <span className="hint">
          {data && `${formatCount(data.rows)} ${noun}${data.empty ? ` · ${formatCount(data.empty)} with no ${data.column}` : ''}`}
          {result.isFetching && ' · loading…'}
        </span>
      </div>
      {result.isError && <ErrorNote error={result.error} />}
      {data && data.rows === 0 && <p className="empty">Nobody is in this step.</p>}
      {data && data.rows > 0 && (
        <div className="insight-chart" data-testid="breakdown-chart" data-kind={data.kind}>
          <BreakdownChart bars={breakdownBars(data)} histogram={data.kind === 'histogram'} noun={noun} />
        </div>
      )}
    </div>
  );
}
