import { getNodeDefinition, type FieldDescriptor } from '@segflow/engine';
import type { ComponentType } from 'react';
import { FieldSelect } from '../FieldSelect.tsx';
import { FormulaEditor } from '../FormulaEditor.tsx';
import { DeliveryWidget } from './DeliveryWidget.tsx';
import { DatasetWidget } from './DatasetWidget.tsx';
import { PriorityOrderWidget } from './PriorityOrderWidget.tsx';
import { EventRulesWidget, RuleBuilderWidget } from './RuleWidgets.tsx';
import { SplitGroupsWidget } from './SplitGroupsWidget.tsx';
import { Field } from '../forms/fields.tsx';
import { columnsOf, str } from '../forms/form-props.ts';
import type { WidgetProps } from './widget-props.ts';

function FormulaWidget({ nodeId, value, setValue, inputs, field }: WidgetProps) {
  return (
    <div className="field">
      <span className="field-label">{field.label}</span>
      <FormulaEditor nodeId={nodeId} value={str(value)} input={inputs[field.port ?? 'in']?.[0]} onChange={setValue} />
    </div>
  );
}

function PortsHint({ kind }: WidgetProps) {
  const ports = Object.values(getNodeDefinition(kind)?.inputs ?? {});
  return <p className="hint">Connect {ports.map((p) => `${p.many ? `${p.min ?? 1} or more` : 'one'} to “${p.label}”`).join(' and ')}.</p>;
}

type On = string | { in: string; lookup: string } | undefined;

/** The lookup's `on`: one column name for both sides, or one each; empty, both keys. */
function LookupMatchWidget({ config, set, inputs, field }: WidgetProps) {
  const left = inputs.in?.[0];
  const right = inputs.lookup?.[0];
  const on = config.on as On;
  const onIn = typeof on === 'string' ? on : on?.in ?? '';
  const onLookup = typeof on === 'string' ? on : on?.lookup ?? '';
  const setOn = (a: string, b: string) => set({ on: !a && !b ? undefined : a === b ? a : { in: a || left?.key || '', lookup: b || right?.key || '' } });
  return (
    <>
      {!right && <p className="hint">Connect a table to the “Lookup table” input to choose its columns.</p>}
      <Field label={field.label} help={field.help}>
        <div className="inline-fields">
          <FieldSelect columns={columnsOf(left)} value={onIn || undefined} label="Customer column" emptyLabel={left ? `key (${left.key})` : 'key'} onChange={(a) => setOn(a, onLookup)} />
          <FieldSelect columns={columnsOf(right)} value={onLookup || undefined} label="Lookup column" emptyLabel={right ? `key (${right.key})` : 'key'} onChange={(b) => setOn(onIn, b)} />
        </div>
      </Field>
    </>
  );
}

/** The widgets too particular for a descriptor, by the name descriptors give them. */
export const SPECIAL_WIDGETS: Partial<Record<FieldDescriptor['widget'], ComponentType<WidgetProps>>> = {
  'rule-builder': RuleBuilderWidget,
  'event-rules': EventRulesWidget,
  formula: FormulaWidget,
  'ports-hint': PortsHint,
  'lookup-match': LookupMatchWidget,
  dataset: DatasetWidget,
  delivery: DeliveryWidget,
  'split-groups': SplitGroupsWidget,
  'priority-order': PriorityOrderWidget,
};
