import { SEGMENT_NAME } from '@segflow/engine';
import { Field, TextInput } from '../forms/fields.tsx';
import { str } from '../forms/form-props.ts';
import type { WidgetProps } from './widget-props.ts';

type Destination = { type: 'csv' | 'parquet' | 'json'; path: string };

const EXT = { csv: 'csv', parquet: 'parquet', json: 'jsonl' } as const;

/** The segment's name and the file it goes to: the file follows the name until the user names it differently. */
export function DeliveryWidget({ config, set, field }: WidgetProps) {
  const segment = str(config.segment);
  const destination = (config.destination ?? { type: 'csv', path: '' }) as Destination;
  const invalidName = !SEGMENT_NAME.test(segment);
  const followsName = destination.path === '' || destination.path === `${segment}.${EXT[destination.type]}`;
  const setSegment = (next: string) =>
    set({ segment: next, ...(followsName ? { destination: { ...destination, path: `${next}.${EXT[destination.type]}` } } : {}) });
  const setType = (type: Destination['type']) =>
    set({ destination: { type, path: followsName ? `${segment}.${EXT[type]}` : destination.path } });
  return (
    <>
      <Field label={field.label} help={invalidName ? <span className="error-text">Letters, digits, _ or -, up to 64.</span> : 'How runs, files and history refer to it.'}>
        <TextInput value={segment} label={field.label} mono invalid={invalidName} onChange={setSegment} />
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
    </>
  );
}
