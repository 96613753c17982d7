import { describe, expect, it } from 'vitest';
import type { WorkflowInput } from '@segflow/engine';
import { defaultAsOf, eventsRunThrough } from './data-through.ts';

const events = (id: string, path: string, timestamp: string): WorkflowInput['nodes'][number] => ({ id, kind: 'events', config: { format: 'csv', path, key: 'id', timestamp } });
const datasets: { name: string; latest: Record<string, string> }[] = [
  { name: 'orders.csv', latest: { order_date: '2025-12-31', shipped_on: '2026-01-04' } },
  { name: 'visits.csv', latest: { seen_at: '2025-11-30' } },
  { name: 'customers.csv', latest: { signup: '2025-10-01', contract_end: '2031-01-01' } },
];

describe('how far the data runs', () => {
  it('takes the latest day of each events step’s own time column', () => {
    expect(eventsRunThrough([events('o', 'orders.csv', 'order_date'), events('v', 'visits.csv', 'seen_at')], datasets)).toBe('2025-12-31');
    expect(eventsRunThrough([events('v', 'visits.csv', 'seen_at')], datasets)).toBe('2025-11-30');
  });

  it('knows nothing without events steps, or for a dataset without dates', () => {
    expect(eventsRunThrough([], datasets)).toBeUndefined();
    expect(eventsRunThrough([events('x', 'missing.csv', 'when')], datasets)).toBeUndefined();
  });

  it('defaults a new workflow to its events’ last day, else to the last day of any dataset up to today', () => {
    expect(defaultAsOf([events('v', 'visits.csv', 'seen_at')], datasets, '2026-12-06')).toBe('2025-11-30');
    expect(defaultAsOf([], datasets, '2026-12-06')).toBe('2026-01-04');
    expect(defaultAsOf([], datasets, '2025-12-31')).toBe('2025-12-31');
    expect(defaultAsOf([], [], '2026-12-06')).toBeUndefined();
  });
});
