/**
 * The realtime section's workflow and customers: 50 rules in one filter (40
 * behaviour rules over the customer's events, 10 on profile columns), each
 * one passing for the generated customers, so no rule is skipped by an early
 * "and" and every customer's evaluation reads all of their events.
 */
export const RT_AS_OF = '2024-06-30';
const AS_OF_MS = Date.parse(`${RT_AS_OF}T23:59:59Z`);
const DAY_MS = 86_400_000;
const CHANNELS = ['web', 'app', 'store'] as const;

export const RT_COLUMNS = {
  customers: { id: 'integer', tier: 'string', income: 'number' },
  events: { id: 'integer', ts: 'timestamp', amount: 'number', channel: 'string' },
} as const;

function behaviourRule(i: number) {
  const channel = { combinator: 'and', rules: [{ field: 'channel', operator: '=', value: CHANNELS[i % 3] }] };
  switch (i % 4) {
    case 0: return { behavior: { fn: 'count', where: channel, withinDays: 30 + i * 10 }, operator: '>=', value: 0 };
    case 1: return { behavior: { fn: 'sum', column: 'amount', withinDays: 400 + i }, operator: '>=', value: 0 };
    case 2: return { behavior: { fn: 'min', column: 'amount', withinDays: 400 + i }, operator: '>=', value: 0 };
    default: return { behavior: { fn: 'max', column: 'amount', withinDays: 400 + i }, operator: '>', value: 0 };
  }
}

/** 50 rules over `customers` and `events` files of the data folder (or, in process, the facts of RT_COLUMNS). */
export function fiftyRuleDocument(files = { customers: 'rt_customers.csv', events: 'rt_events.csv' }) {
  const rules = [
    ...Array.from({ length: 40 }, (_, i) => behaviourRule(i)),
    ...Array.from({ length: 10 }, (_, i) => ({ field: 'income', operator: '>=', value: i * 100 })),
  ];
  return {
    schemaVersion: 1,
    name: 'Fifty rules',
    run: { asOf: RT_AS_OF },
    nodes: [
      { id: 'customers', kind: 'source', config: { format: 'csv', path: files.customers, key: 'id' } },
      { id: 'events', kind: 'events', config: { format: 'csv', path: files.events, key: 'id', timestamp: 'ts' } },
      { id: 'fifty', kind: 'filter', label: 'Fifty rules', config: { condition: { combinator: 'and', rules } } },
      { id: 'out', kind: 'output', config: { segment: 'fifty', destination: { type: 'csv', path: 'out/fifty.csv' } } },
    ],
    edges: [
      { source: 'customers', target: 'fifty' },
      { source: 'events', target: 'fifty', targetPort: 'events' },
      { source: 'fifty', target: 'out' },
    ],
  };
}

/** A seeded customer as JSON (the API's form): a profile and `events` events over the year before as-of. */
export function customerJson(id: number, events: number) {
  let s = id * 7919 + 13;
  const next = (n: number) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
  return {
    profile: { id, tier: ['gold', 'silver'][id % 2], income: 1000 + next(100_000) },
    events: Array.from({ length: events }, () => ({
      ts: new Date(AS_OF_MS - next(360) * DAY_MS - next(DAY_MS)).toISOString(),
      amount: 1 + next(50_000) / 100,
      channel: CHANNELS[next(3)],
    })),
  };
}

/** The same customers as CSV files for the server's data folder. */
export function customerCsv(customers: ReturnType<typeof customerJson>[]) {
  return {
    customers: `id,tier,income\n${customers.map((c) => `${c.profile.id},${c.profile.tier},${c.profile.income}`).join('\n')}\n`,
    events: `id,ts,amount,channel\n${customers.flatMap((c) => c.events.map((e) => `${c.profile.id},${e.ts.replace('T', ' ').replace('Z', '')},${e.amount},${e.channel}`)).join('\n')}\n`,
  };
}

/** The live section's workflow: gold customers who spent more than 100 in the 30 days before as-of, to a webhook. */
export function liveDocument(url: string) {
  return {
    schemaVersion: 1,
    name: 'Live big spenders',
    run: { asOf: RT_AS_OF },
    nodes: [
      { id: 'customers', kind: 'source', config: { format: 'csv', path: 'rt_customers.csv', key: 'id' } },
      { id: 'events', kind: 'events', config: { format: 'csv', path: 'rt_events.csv', key: 'id', timestamp: 'ts' } },
      { id: 'big', kind: 'filter', config: { condition: { combinator: 'and', rules: [
        { field: 'tier', operator: '=', value: 'gold' },
        { behavior: { fn: 'sum', column: 'amount', withinDays: 30 }, operator: '>', value: 100 },
      ] } } },
      { id: 'out', kind: 'output', config: { segment: 'big', destination: { type: 'webhook', url, batchSize: 500 } } },
    ],
    edges: [
      { source: 'customers', target: 'big' },
      { source: 'events', target: 'big', targetPort: 'events' },
      { source: 'big', target: 'out' },
    ],
  };
}
