import { formatNumber } from '../../../app/format.ts';
import { eventWords, type ConditionGroup } from '@segflow/engine';
import { eventTypeColumn, eventWhere, simpleEvent } from './event-rule-logic.ts';
import { useValuesAt, useRuleData } from './rule-data.tsx';


/** The event values found in the data, most frequent first, with their counts. */
function EventOptions({ nodeId, column, current }: { nodeId: string; column: string; current: string }) {
  const values = useValuesAt(nodeId, column);
  const top = (values?.top ?? []).map((t) => String(t.value));
  return (
    <>
      {current && !top.includes(current) && <option value={current}>{current}</option>}
      {(values?.top ?? []).map((t) => (
        <option key={String(t.value)} value={String(t.value)}>{String(t.value)} ({formatNumber(t.count)})</option>
      ))}
    </>
  );
}

/**
 * Which events a rule reads: one event type from those found in the data, or any
 * event. A richer event condition (set in the document) is shown in words and kept.
 */
export function EventPicker({ where, label, onChange }: { where: ConditionGroup | undefined; label: string; onChange: (where: ConditionGroup | undefined) => void }) {
  const { events } = useRuleData();
  const simple = simpleEvent(where);
  if (simple === null)
    return (
      <span className="event-rich">
        <span className="muted">{eventWords(where).noun}</span>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => onChange(undefined)}>Any event</button>
      </span>
    );
  const column = simple?.field ?? eventTypeColumn(events?.fields ?? []);
  const current = simple?.value ?? '';
  return (
    <select className="select event-picker" aria-label={label} value={current} disabled={!column} onChange={(e) => onChange(eventWhere(column, e.target.value))}>
      <option value="">any event</option>
      {events && column && <EventOptions nodeId={events.nodeId} column={column} current={current} />}
      {!events && current && <option value={current}>{current}</option>}
    </select>
  );
}
