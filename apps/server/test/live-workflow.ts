import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The as-of date of the live workflow: events count when they are at most 30 days before it. */
export const LIVE_AS_OF = '2024-06-30';

/** Customers 1-6 (odd ones gold) and their purchases: 1 and 3 spent over 100 in June, 5 spent it in March. */
export function writeLiveData(datasets: string): void {
  writeFileSync(join(datasets, 'live_customers.csv'), `id,tier\n${[1, 2, 3, 4, 5, 6].map((id) => `${id},${id % 2 ? 'gold' : 'silver'}`).join('\n')}\n`);
  writeFileSync(join(datasets, 'live_purchases.csv'), [
    'id,at,amount',
    '1,2024-06-10 10:00:00,80', '1,2024-06-20 10:00:00,40',
    '2,2024-06-15 10:00:00,500',
    '3,2024-06-29 09:00:00,150',
    '5,2024-03-01 10:00:00,900',
  ].join('\n') + '\n');
}

/** Gold customers who spent more than 100 in the 30 days before as-of; delivered to a webhook. */
export const liveDocument = (url: string, extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  name: 'Big gold spenders',
  run: { asOf: LIVE_AS_OF },
  nodes: [
    { id: 'customers', kind: 'source', label: 'Customers', config: { format: 'csv', path: 'live_customers.csv', key: 'id' } },
    { id: 'purchases', kind: 'events', label: 'Purchases', config: { format: 'csv', path: 'live_purchases.csv', key: 'id', timestamp: 'at' } },
    {
      id: 'big_gold', kind: 'filter', label: 'Big gold spenders',
      config: { condition: { combinator: 'and', rules: [
        { field: 'tier', operator: '=', value: 'gold' },
        { behavior: { fn: 'sum', column: 'amount', withinDays: 30 }, operator: '>', value: 100 },
      ] } },
    },
    { id: 'out_hook', kind: 'output', label: 'To the CRM', config: { segment: 'big_gold', destination: { type: 'webhook', url, batchSize: 100, maxAttempts: 10, ...extra } } },
  ],
  edges: [
    { source: 'customers', target: 'big_gold' },
    { source: 'purchases', target: 'big_gold', targetPort: 'events' },
    { source: 'big_gold', target: 'out_hook' },
  ],
});

/** One change as a webhook receives it. */
export interface ReceivedChange { seq: number; key: number | string; change: 'enter' | 'exit'; segment: string; cause: string }

/** The changes a receiver applied, once per Idempotency-Key, in the order it first got them. */
export function appliedChanges(requests: { key: string; changes?: ReceivedChange[] }[]): ReceivedChange[] {
  const seen = new Set<string>();
  const out: ReceivedChange[] = [];
  for (const r of requests) {
    if (seen.has(r.key) || !r.changes) continue;
    seen.add(r.key);
    out.push(...r.changes);
  }
  return out;
}
