import { FormulaEditor } from '../FormulaEditor.tsx';
import { FieldSelect } from '../FieldSelect.tsx';
import { Checkbox, ColumnChecklist, Field, NumberInput, TextInput } from './fields.tsx';
import { columnsOf, num, str, type FormProps } from './form-props.ts';

export function ComputeForm({ nodeId, config, set, inputs }: FormProps) {
  return (
    <>
      <Field label="New column name">
        <TextInput value={str(config.as)} label="New column name" mono onChange={(as) => set({ as })} />
      </Field>
      <div className="field">
        <span className="field-label">Formula</span>
        <FormulaEditor nodeId={nodeId} value={str(config.formula)} input={inputs.in?.[0]} onChange={(formula) => set({ formula })} />
      </div>
    </>
  );
}

export function RankForm({ config, set, inputs }: FormProps) {
  const columns = columnsOf(inputs.in?.[0]);
  const ntile = config.fn === 'ntile';
  return (
    <>
      <Field label="New column name">
        <TextInput value={str(config.as)} label="New column name" mono onChange={(as) => set({ as })} />
      </Field>
      <Field label="Rank by">
        <FieldSelect columns={columns} types={['integer', 'number', 'date', 'timestamp', 'string']} value={str(config.by) || undefined} label="Rank by" onChange={(by) => set({ by })} />
      </Field>
      <Checkbox checked={config.descending === true} onChange={(descending) => set({ descending: descending || undefined })}>
        Highest first
      </Checkbox>
      <Field label="As" help={ntile ? 'Bucket 1 holds the first customers in the order above.' : '0 for the first in the order, 1 for the last: “< 0.1” is the top 10%.'}>
        <select className="select" aria-label="Rank as" value={ntile ? 'ntile' : 'percent_rank'} onChange={(e) => set({ fn: e.target.value, buckets: e.target.value === 'ntile' ? num(config.buckets) ?? 10 : undefined })}>
          <option value="percent_rank">a percentile from 0 to 1</option>
          <option value="ntile">a bucket number (deciles…)</option>
        </select>
      </Field>
      {ntile && (
        <Field label="Buckets">
          <NumberInput value={num(config.buckets)} min={1} label="Buckets" onChange={(buckets) => set({ buckets })} />
        </Field>
      )}
      <Field label="Rank within groups of" help="Optional: e.g. per country.">
        <FieldSelect columns={columns} value={str(config.partitionBy) || undefined} label="Group by" emptyLabel="everyone together" onChange={(partitionBy) => set({ partitionBy: partitionBy || undefined })} />
      </Field>
    </>
  );
}

type On = string | { in: string; lookup: string } | undefined;

export function LookupForm({ config, set, inputs }: FormProps) {
  const left = inputs.in?.[0];
  const right = inputs.lookup?.[0];
  const on = config.on as On;
  const onIn = typeof on === 'string' ? on : on?.in ?? '';
  const onLookup = typeof on === 'string' ? on : on?.lookup ?? '';
  const fields = Array.isArray(config.fields) ? (config.fields as string[]) : [];
  const setOn = (a: string, b: string) => set({ on: !a && !b ? undefined : a === b ? a : { in: a || left?.key || '', lookup: b || right?.key || '' } });
  return (
    <>
      {!right && <p className="hint">Connect a table to the “Lookup table” input to choose its columns.</p>}
      <Field label="Match customers on" help="Empty: both tables’ keys.">
        <div className="inline-fields">
          <FieldSelect columns={columnsOf(left)} value={onIn || undefined} label="Customer column" emptyLabel={left ? `key (${left.key})` : 'key'} onChange={(a) => setOn(a, onLookup)} />
          <FieldSelect columns={columnsOf(right)} value={onLookup || undefined} label="Lookup column" emptyLabel={right ? `key (${right.key})` : 'key'} onChange={(b) => setOn(onIn, b)} />
        </div>
      </Field>
      {right && (
        <div className="field">
          <span className="field-label">Columns to bring in</span>
          <ColumnChecklist columns={columnsOf(right).filter((c) => c.name !== right.key)} value={fields} label="Columns to bring in" onChange={(f) => set({ fields: f })} />
        </div>
      )}
      <Field label="When a column already exists">
        <select className="select" aria-label="Conflict" value={str(config.conflict)} onChange={(e) => set({ conflict: e.target.value || undefined })}>
          <option value="">report it as a problem</option>
          <option value="keep_in">keep the customer’s value</option>
          <option value="keep_lookup">take the lookup’s value</option>
        </select>
      </Field>
    </>
  );
}
