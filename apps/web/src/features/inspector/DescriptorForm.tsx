import { getNodeDefinition, isVisible, settingAt, withSetting, type FieldDescriptor } from '@segflow/engine';
import type { ComponentType } from 'react';
import { FieldSelect } from './FieldSelect.tsx';
import { Checkbox, ColumnChecklist, Field, NumberInput, TextInput } from './forms/fields.tsx';
import { columnsOf, num, str, type FormProps } from './forms/form-props.ts';
import { SPECIAL_WIDGETS } from './widgets/special-widgets.tsx';
import type { WidgetProps } from './widgets/widget-props.ts';

/**
 * A kind's settings drawn from its field descriptors (the engine's
 * `NodeDefinition.fields`): generic controls here, the special widgets they
 * name in widgets/.
 */
export function DescriptorForm(props: FormProps & { replace: (config: Record<string, unknown>) => void }) {
  const fields = getNodeDefinition(props.kind)?.fields ?? [];
  return (
    <>
      {fields.filter((f) => isVisible(f, props.config)).map((field, i) => {
        const Widget = GENERIC_WIDGETS[field.widget] ?? SPECIAL_WIDGETS[field.widget];
        if (!Widget) return null;
        const setValue = (value: unknown) => props.replace(withSetting(fields, props.config, field.key!, value));
        return <Widget key={field.key ?? `${field.widget}-${i}`} {...props} field={field} value={field.key ? settingAt(props.config, field.key) : undefined} setValue={setValue} />;
      })}
    </>
  );
}

const nameOf = (field: FieldDescriptor) => field.name ?? field.label;

function TextWidget({ field, value, setValue }: WidgetProps) {
  return (
    <Field label={field.label} help={field.help}>
      <TextInput value={str(value)} label={nameOf(field)} mono={field.mono} placeholder={field.placeholder} onChange={(v) => setValue(v === '' && field.placeholder ? undefined : v)} />
    </Field>
  );
}

function NumberWidget({ field, value, setValue }: WidgetProps) {
  return (
    <Field label={field.label} help={field.help}>
      <NumberInput value={num(value)} min={field.min} label={nameOf(field)} placeholder={field.placeholder} onChange={setValue} />
    </Field>
  );
}

function CheckboxWidget({ field, value, setValue }: WidgetProps) {
  return <Checkbox checked={value === true} onChange={(on) => setValue(on || undefined)}>{field.label}</Checkbox>;
}

function SelectWidget({ field, value, setValue }: WidgetProps) {
  const options = field.options ?? [];
  const chosen = options.find((o) => o.value === value);
  return (
    <Field label={field.label} help={chosen?.help ?? field.help}>
      <select className="select" aria-label={nameOf(field)} value={str(value)} onChange={(e) => setValue(e.target.value || undefined)}>
        {field.emptyLabel !== undefined && <option value="">{field.emptyLabel}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}

function ColumnWidget({ field, value, setValue, inputs, config }: WidgetProps) {
  const types = (field.typesWhen && field.typesWhen.types[str(settingAt(config, field.typesWhen.key))]) ?? field.types;
  return (
    <Field label={field.label} help={field.help}>
      <FieldSelect columns={columnsOf(inputs[field.port ?? 'in']?.[0])} types={types} value={str(value) || undefined} label={nameOf(field)} emptyLabel={field.emptyLabel} onChange={(v) => setValue(v || undefined)} />
    </Field>
  );
}

/** A checklist of columns (never the key, which always comes along); with `toggle`, absent means every column. */
function ColumnsWidget({ field, value, setValue, inputs }: WidgetProps) {
  const input = inputs[field.port ?? 'in']?.[0];
  const chosen = Array.isArray(value) ? (value as string[]) : undefined;
  const list = input && (chosen !== undefined || !field.toggle) && (
    <ColumnChecklist columns={columnsOf(input).filter((c) => c.name !== input.key)} value={chosen ?? []} label={nameOf(field)} onChange={setValue} />
  );
  if (field.toggle)
    return (
      <div className="field">
        <Checkbox checked={chosen !== undefined} onChange={(on) => setValue(on ? columnsOf(input).map((c) => c.name) : undefined)}>{field.toggle}</Checkbox>
        {list}
      </div>
    );
  if (!input) return null;
  return (
    <div className="field">
      <span className="field-label">{field.label}</span>
      {list}
    </div>
  );
}

const GENERIC_WIDGETS: Partial<Record<FieldDescriptor['widget'], ComponentType<WidgetProps>>> = {
  text: TextWidget,
  number: NumberWidget,
  checkbox: CheckboxWidget,
  select: SelectWidget,
  column: ColumnWidget,
  columns: ColumnsWidget,
};
