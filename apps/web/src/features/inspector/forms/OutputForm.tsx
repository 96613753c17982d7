import { SEGMENT_NAME } from '@segflow/engine';
import { Checkbox, ColumnChecklist, Field, NumberInput, TextInput } from './fields.tsx';
import { columnsOf, num, str, type FormProps } from './form-props.ts';

type Destination = { type: 'csv' | 'parquet' | 'json'; path: string };
type Expect = { min?: number; max?: number; enforce?: boolean };

const EXT = { csv: 'csv', parquet: 'parquet', json: 'jsonl' } as const;

/** Segment name, where it goes, which columns, and the size it should have. */
export function OutputForm({ config, set, inputs }: FormProps) {
  const segment = str(config.segment);
  const destination = (config.destination ?? { type: 'csv', path: '' }) as Destination;
  const expect = (config.expect ?? {}) as Expect;
  const fields = Array.isArray(config.fields) ? (config.fields as string[]) : undefined;
  const input = inputs.in?.[0];
  const invalidName = !SEGMENT_NAME.test(segment);

  // The file follows the segment's name until the user names the file differently.
  const followsName = destination.path === '' || destination.path === `${segment}.${EXT[destination.type]}`;
  const setSegment = (next: string) =>
    set({ segment: next, ...(followsName ? { destination: { ...destination, path: `${next}.${EXT[destination.type]}` } } : {}) });
  const setType = (type: Destination['type']) =>
    set({ destination: { type, path: followsName ? `${segment}.${EXT[type]}` : destination.path } });
  const setExpect = (patch: Partial<Expect>) => {
    const next = { ...expect, ...patch };
    for (const k of Object.keys(next) as (keyof Expect)[]) if (next[k] === undefined || next[k] === false) delete next[k];
    set({ expect: next.min === undefined && next.max === undefined ? undefined : next });
  };

  return (
    <>
      <Field label="Segment name" help={invalidName ? <span className="error-text">Letters, digits, _ or -, up to 64.</span> : 'How runs, files and history refer to it.'}>
        <TextInput value={segment} label="Segment name" mono invalid={invalidName} onChange={setSegment} />
      </Field>
      <Field label="Deliver as">
        <div className="inline-fields">
          <select className="select" aria-label="File type" value={destination.type} onChange={(e) => setType(e.target.value as Destination['type'])}>
            <option value="csv">CSV file</option>
            <option value="parquet">Parquet file</option>
            <option value="json">JSON lines file</option>
          </select>
          <TextInput value={destination.path} label="File name" mono onChange={(path) => set({ destination: { ...destination, path } })} />
        </div>
      </Field>
      <div className="field">
        <Checkbox checked={fields !== undefined} onChange={(on) => set({ fields: on ? columnsOf(input).map((c) => c.name) : undefined })}>
          Choose which columns to deliver
        </Checkbox>
        {fields !== undefined && input && (
          <ColumnChecklist columns={columnsOf(input).filter((c) => c.name !== input.key)} value={fields} label="Columns to deliver" onChange={(f) => set({ fields: f })} />
        )}
      </div>
      <div className="field">
        <span className="field-label">Expected size</span>
        <div className="inline-fields">
          <Field label="At least"><NumberInput value={num(expect.min)} min={0} label="At least" placeholder="no minimum" onChange={(min) => setExpect({ min })} /></Field>
          <Field label="At most"><NumberInput value={num(expect.max)} min={0} label="At most" placeholder="no maximum" onChange={(max) => setExpect({ max })} /></Field>
        </div>
        <span className="hint">A run outside this range ends this step with a warning.</span>
      </div>
      {(expect.min !== undefined || expect.max !== undefined) && (
        <Checkbox checked={expect.enforce === true} onChange={(enforce) => setExpect({ enforce })}>
          Fail the step instead of warning
        </Checkbox>
      )}
    </>
  );
}
