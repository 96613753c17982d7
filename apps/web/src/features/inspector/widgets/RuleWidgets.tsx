import { describeCondition, getNodeDefinition, type ConditionGroup } from '@segflow/engine';
import { useMemo } from 'react';
import { columnsOf } from '../forms/form-props.ts';
import { RuleBuilder } from '../rule-builder/RuleBuilder.tsx';
import { RuleDataProvider, type RuleData } from '../rule-builder/rule-data.tsx';
import { useGroupedColumns, useInputNode } from './editor-inputs.ts';
import type { WidgetProps } from './widget-props.ts';

/**
 * Rules on the customers' fields and, when the kind has an `events` input with
 * an events step on it, on what they did; each top-level rule with its count,
 * and the whole condition in words.
 */
export function RuleBuilderWidget({ nodeId, kind, value, setValue, inputs, field }: WidgetProps) {
  const port = field.port ?? 'in';
  const fields = useGroupedColumns(inputs[port]?.[0]);
  const readsEvents = !!getNodeDefinition(kind)?.inputs.events;
  const eventsId = useInputNode(nodeId, 'events');
  const inId = useInputNode(nodeId, port);
  const eventSchema = inputs.events?.[0];
  const data = useMemo<RuleData>(
    // The events' key names the customer: no figure or event type is read from it.
    () => ({ fieldsNodeId: inId, countsNodeId: nodeId, events: readsEvents && eventsId ? { nodeId: eventsId, fields: columnsOf(eventSchema).filter((c) => c.name !== eventSchema?.key) } : undefined }),
    [inId, nodeId, readsEvents, eventsId, eventSchema],
  );
  const condition = value as ConditionGroup | undefined;
  return (
    <RuleDataProvider value={data}>
      <RuleBuilder value={condition} fields={fields} onChange={setValue} />
      {readsEvents && !eventsId && <p className="hint">Connect an events step to this filter's events input for rules on what customers did.</p>}
      <p className="rule-summary" data-testid="filter-summary">{describeCondition(condition)}.</p>
    </RuleDataProvider>
  );
}

/** Rules on the events, optional: "Add event rules" makes an empty group; values are suggested from the events. */
export function EventRulesWidget({ nodeId, value, setValue, inputs, field }: WidgetProps) {
  const port = field.port ?? 'events';
  const events = inputs[port]?.[0];
  const eventsId = useInputNode(nodeId, port);
  return (
    <div className="field">
      <span className="field-label">{field.label}</span>
      {value ? (
        <>
          <RuleDataProvider value={{ fieldsNodeId: eventsId, rows: 'events' }}>
            <RuleBuilder value={value as ConditionGroup} fields={columnsOf(events)} onChange={setValue} />
          </RuleDataProvider>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setValue(undefined)}>Use all events</button>
        </>
      ) : (
        <button type="button" className="btn btn-sm" disabled={!events} onClick={() => setValue({ combinator: 'and', rules: [] })}>Add event rules</button>
      )}
    </div>
  );
}
