import { describeCondition, type ConditionGroup } from '@segflow/engine';
import { useMemo } from 'react';
import { useEditor } from '../../../store/editor-provider.tsx';
import { selectEdges, selectNodes } from '../../../store/selectors.ts';
import { groupedColumnsOf } from '../field-groups.ts';
import { RuleBuilder } from '../rule-builder/RuleBuilder.tsx';
import { RuleDataProvider, type RuleData } from '../rule-builder/rule-data.tsx';
import { FieldSelect } from '../FieldSelect.tsx';
import { Field, NumberInput, TextInput } from './fields.tsx';
import { columnsOf, num, str, type FormProps } from './form-props.ts';

/** The node feeding a port of a step (the first, for ports that take one). */
function useInputNode(nodeId: string, port: string): string | undefined {
  return useEditor((s) => selectEdges(s).find((e) => e.target === nodeId && (e.targetHandle ?? 'in') === port)?.source);
}

/** Columns grouped by the kind of step that made them: profile, computed, from lookup. */
function useGroupedColumns(schema: FormProps['inputs'][string][number]) {
  const nodes = useEditor(selectNodes);
  return useMemo(() => groupedColumnsOf(schema, (id) => nodes.find((n) => n.id === id)?.data.kind), [schema, nodes]);
}

/**
 * Rules on the customers' fields and, with an events step on the `events` input,
 * on what they did; each top-level rule with its count, and the whole filter in words.
 */
export function FilterForm({ nodeId, config, set, inputs }: FormProps) {
  const fields = useGroupedColumns(inputs.in?.[0]);
  const eventsId = useInputNode(nodeId, 'events');
  const inId = useInputNode(nodeId, 'in');
  const eventSchema = inputs.events?.[0];
  const data = useMemo<RuleData>(
    // The events' key names the customer: no figure or event type is read from it.
    () => ({ fieldsNodeId: inId, countsNodeId: nodeId, events: eventsId ? { nodeId: eventsId, fields: columnsOf(eventSchema).filter((c) => c.name !== eventSchema?.key) } : undefined }),
    [inId, nodeId, eventsId, eventSchema],
  );
  const condition = config.condition as ConditionGroup | undefined;
  return (
    <RuleDataProvider value={data}>
      <RuleBuilder value={condition} fields={fields} onChange={(c) => set({ condition: c })} />
      {!eventsId && <p className="hint">Connect an events step to this filter's events input for rules on what customers did.</p>}
      <p className="rule-summary" data-testid="filter-summary">{describeCondition(condition)}.</p>
    </RuleDataProvider>
  );
}

const FUNCTIONS: { fn: string; label: string; needsColumn: boolean; numeric?: boolean }[] = [
  { fn: 'count', label: 'Number of events', needsColumn: false },
  { fn: 'sum', label: 'Sum of', needsColumn: true, numeric: true },
  { fn: 'avg', label: 'Average of', needsColumn: true, numeric: true },
  { fn: 'min', label: 'Smallest', needsColumn: true },
  { fn: 'max', label: 'Largest', needsColumn: true },
  { fn: 'first', label: 'First (earliest) value of', needsColumn: true },
  { fn: 'last', label: 'Last (latest) value of', needsColumn: true },
  { fn: 'days_since_last', label: 'Days since the last event', needsColumn: false },
  { fn: 'days_since_first', label: 'Days since the first event', needsColumn: false },
];

/** A per-customer figure from their events, optionally only some events and only recent ones. */
export function AggregateForm({ nodeId, config, set, inputs }: FormProps) {
  const events = inputs.events?.[0];
  const eventsId = useInputNode(nodeId, 'events');
  const fn = FUNCTIONS.find((f) => f.fn === config.fn) ?? FUNCTIONS[0];
  const where = config.where as ConditionGroup | undefined;
  return (
    <>
      <Field label="New column name">
        <TextInput value={str(config.as)} label="New column name" mono onChange={(as) => set({ as })} />
      </Field>
      <Field label="Figure">
        <select className="select" aria-label="Figure" value={fn.fn} onChange={(e) => {
          const next = FUNCTIONS.find((f) => f.fn === e.target.value)!;
          set({ fn: next.fn, column: next.needsColumn ? config.column : undefined });
        }}>
          {FUNCTIONS.map((f) => <option key={f.fn} value={f.fn}>{f.label}</option>)}
        </select>
      </Field>
      {fn.needsColumn && (
        <Field label="Event column">
          <FieldSelect columns={columnsOf(events)} types={fn.numeric ? ['integer', 'number'] : undefined} value={str(config.column) || undefined} label="Event column" onChange={(column) => set({ column: column || undefined })} />
        </Field>
      )}
      <Field label="Only events in the last … days" help="Leave empty for all events up to the as-of date.">
        <NumberInput value={num(config.withinDays)} min={0} label="Within days" placeholder="all time" onChange={(withinDays) => set({ withinDays })} />
      </Field>
      <div className="field">
        <span className="field-label">Only events matching</span>
        {where ? (
          <>
            <RuleDataProvider value={{ fieldsNodeId: eventsId }}>
              <RuleBuilder value={where} fields={columnsOf(events)} onChange={(w) => set({ where: w })} />
            </RuleDataProvider>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => set({ where: undefined })}>Use all events</button>
          </>
        ) : (
          <button type="button" className="btn btn-sm" disabled={!events} onClick={() => set({ where: { combinator: 'and', rules: [] } })}>Add event rules</button>
        )}
      </div>
    </>
  );
}
