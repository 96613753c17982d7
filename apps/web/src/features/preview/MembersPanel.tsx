import { useQuery } from '@tanstack/react-query';
import { getNodeDefinition } from '@segflow/engine';
import { membersQuery } from '../../api/preview.queries.ts';
import { formatCount, formatNumber } from '../../app/format.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectInspectedId, selectNodeById, selectWorkflowId } from '../../store/selectors.ts';
import { useAnalysis } from '../problems/analysis-context.tsx';
import { usePreview } from './preview-context.tsx';
import './preview.css';

const NUMERIC = new Set(['integer', 'number', 'BIGINT', 'INTEGER', 'DOUBLE', 'HUGEINT']);

/** Columns whose numbers are names, not amounts (ids, years, codes): written as they are, 1991 and not 1,991. */
const LABEL_COLUMN = /(^|_)(id|key|year|zip|code|postcode|phone)s?($|_)/i;

/**
 * The columns whose numbers are grouped by thousands: amounts that reach 10,000.
 * Decided per column, so one column reads alike on every row.
 */
export function groupedColumns(columns: readonly { name: string }[], rows: readonly Record<string, unknown>[]): Set<string> {
  return new Set(columns.filter((c) => !LABEL_COLUMN.test(c.name) && rows.some((r) => typeof r[c.name] === 'number' && Math.abs(r[c.name] as number) >= 10_000)).map((c) => c.name));
}

/** Any value as text for a cell: nothing is ever rendered as markup; numbers grouped by thousands when `grouped`. */
export function cellText(value: unknown, grouped = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint') return grouped ? formatNumber(value) : String(value);
  return String(value);
}

/** What a step's rows are, in words: an events step holds events, not customers. */
export function rowWords(kind: string | undefined): { rows: 'customers' | 'events'; none: string } {
  return getNodeDefinition(kind ?? '')?.output === 'events'
    ? { rows: 'events', none: 'No events reach this step.' }
    : { rows: 'customers', none: 'Nobody is in this step.' };
}

/** The first customers (or events) at the selected node, with their columns. */
export function MembersPanel() {
  const workflowId = useEditor(selectWorkflowId);
  const nodeId = useEditor(selectInspectedId);
  const node = useEditor(selectNodeById(nodeId));
  const { document, documentKey, counts, asOf } = usePreview();
  const { problemsByNode } = useAnalysis();
  const blocked = nodeId ? (problemsByNode.get(nodeId) ?? []).some((p) => p.severity === 'error') : false;
  const canPreview = useCan('POST /api/workflows/:id/preview/:nodeId/rows');
  const members = useQuery({ ...membersQuery(workflowId, nodeId ?? '', document, documentKey, asOf), enabled: !!nodeId && !blocked && canPreview });
  const grouped = members.data ? groupedColumns(members.data.columns, members.data.rows) : new Set<string>();

  if (!nodeId || !node) return <p className="empty">Select one step on the canvas to see the customers in it.</p>;
  const label = node.data.label || getNodeDefinition(node.data.kind)?.label || nodeId;
  if (!canPreview) return <p className="empty">Your role may not preview the customers in a step. Open a run from History to download its segments.</p>;
  if (blocked) return <p className="empty">Fix the problems on “{label}” to see who is in it.</p>;
  const count = counts[nodeId];
  const words = rowWords(node.data.kind);

  return (
    <div className="members">
      <p className="members-head hint">
        {members.data ? `First ${members.data.rows.length} ${words.rows} at “${label}”` : `${words.rows === 'events' ? 'Events' : 'Customers'} at “${label}”`}
        {count && ` of ${formatCount(count.rows, count.exact)}`}
        {members.isFetching && ' · loading…'}
      </p>
      {members.isError && <div className="panel-pad"><ErrorNote error={members.error} /></div>}
      {members.data && members.data.rows.length === 0 && <p className="empty">{words.none}</p>}
      {members.data && members.data.rows.length > 0 && (
        <table className="table members-table" data-testid="members-table">
          <thead>
            <tr>
              {members.data.columns.map((c) => (
                <th key={c.name} title={c.type} className={NUMERIC.has(c.type ?? '') ? 'num' : undefined}>{c.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {members.data.rows.map((row, i) => (
              <tr key={i}>
                {members.data.columns.map((c) => (
                  <td key={c.name} className={NUMERIC.has(c.type ?? '') || typeof row[c.name] === 'number' ? 'num' : undefined}>{cellText(row[c.name], grouped.has(c.name))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
