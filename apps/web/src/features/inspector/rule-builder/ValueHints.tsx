import { formatNumber } from '../../../app/format.ts';
import type { ColumnType } from '@segflow/engine';
import { useRuleData, useValuesAt } from './rule-data.tsx';


/**
 * What the column holds at this node: text columns list their most frequent
 * values (with counts) for the value box to suggest, number columns show their
 * spread as a hint.
 */
export function ValueHints({ nodeId, column, type, listId }: { nodeId: string; column: string; type: ColumnType; listId: string }) {
  const values = useValuesAt(nodeId, column);
  const { rows = 'customers' } = useRuleData();
  if (!values) return null;
  if (type === 'integer' || type === 'number') {
    if (values.min === null || values.min === undefined) return null;
    return (
      <p className="hint value-spread" data-testid="value-spread">
        min {formatNumber(values.min)} · median {formatNumber(values.median ?? 0)} · max {formatNumber(values.max ?? 0)}
      </p>
    );
  }
  if (type !== 'string') return null;
  return (
    <datalist id={listId}>
      {values.top.map((t) => (
        <option key={String(t.value)} value={String(t.value)} label={`${formatNumber(t.count)} ${t.count === 1 ? rows.slice(0, -1) : rows}`} />
      ))}
    </datalist>
  );
}
