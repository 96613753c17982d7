import { SEGMENT_NAME } from '@segflow/engine';
import { useRef } from 'react';
import { Field, TextInput } from '../forms/fields.tsx';
import { str } from '../forms/form-props.ts';
import { destinationFor, followsSegment, withoutEmpty, type Destination, type DestinationType } from './destinations.ts';
import type { WidgetProps } from './widget-props.ts';

const TYPES: [DestinationType, string][] = [
  ['csv', 'CSV file'], ['parquet', 'Parquet file'], ['json', 'JSON lines file'], ['webhook', 'Webhook (an address on the web)'], ['postgres', 'PostgreSQL table'],
];

/**
 * The segment's name and where it goes: a file, a webhook or a PostgreSQL table.
 * A file (or table) named after the segment follows the name until the user
 * names it differently; switching the kind and back gives the settings back.
 */
export function DeliveryWidget({ config, set, field }: WidgetProps) {
  const segment = str(config.segment);
  const destination = (config.destination ?? { type: 'csv', path: '' }) as Destination;
  // Each kind's settings as they were when the marketer left it, with the segment name of then.
  const earlier = useRef(new Map<DestinationType, { destination: Destination; segment: string }>());
  const invalidName = !SEGMENT_NAME.test(segment);
  const setDestination = (patch: Record<string, unknown>) => set({ destination: withoutEmpty({ ...destination, ...patch }) });
  const setSegment = (next: string) => set({ segment: next, ...(followsSegment(destination, segment) ? { destination: destinationFor(destination.type, next, destination) } : {}) });
  const setType = (type: DestinationType) => {
    earlier.current.set(destination.type, { destination, segment });
    const back = earlier.current.get(type);
    // Back to a kind used before: its settings, named after today's segment if it followed the name then, sending as now.
    const restored = back && (followsSegment(back.destination, back.segment) ? destinationFor(type, segment, back.destination) : back.destination);
    set({ destination: restored ? withoutEmpty({ ...restored, delivery: destination.delivery }) : destinationFor(type, segment, destination) });
  };
  return (
    <>
      <Field label={field.label} help={invalidName ? <span className="error-text">Letters, digits, _ or -, up to 64.</span> : 'How runs, files and history refer to it.'}>
        <TextInput value={segment} label={field.label} mono invalid={invalidName} onChange={setSegment} />
      </Field>
      <Field label="Deliver as">
        <select className="select" aria-label="Deliver as" value={destination.type} onChange={(e) => setType(e.target.value as DestinationType)}>
          {TYPES.map(([type, label]) => <option key={type} value={type}>{label}</option>)}
        </select>
      </Field>
      {'path' in destination && (
        <Field label="File name">
          <TextInput value={str(destination.path)} label="File name" mono onChange={(path) => setDestination({ path })} />
        </Field>
      )}
      {destination.type === 'webhook' && (
        <Field label="Address" help="Each run sends the segment there in batches of JSON; a failed batch is tried again.">
          <TextInput value={str(destination.url)} label="Webhook address" mono onChange={(url) => setDestination({ url })} />
        </Field>
      )}
      {destination.type === 'postgres' && (
        <>
          <Field label="Connection" help="The name of a connection saved on the Connections page.">
            <TextInput value={str(destination.connection)} label="Connection" mono onChange={(connection) => setDestination({ connection })} />
          </Field>
          <Field label="Table" help="After each run the table holds exactly the segment.">
            <TextInput value={str(destination.table)} label="Table" mono onChange={(table) => setDestination({ table })} />
          </Field>
        </>
      )}
      <Field label="Send" help={destination.delivery === 'changes' ? 'Who joined or left since the last delivery; runs of a published version send them.' : undefined}>
        <select className="select" aria-label="Send" value={destination.delivery ?? 'full'} onChange={(e) => setDestination({ delivery: e.target.value === 'full' ? undefined : e.target.value })}>
          <option value="full">Everyone, every run</option>
          <option value="changes">Only who joined or left</option>
        </select>
      </Field>
    </>
  );
}
