/** The generator's events end on 2025-12-31. */
export const AS_OF = '2025-12-31';
export const HOOK_BATCH = 250;

export interface Destinations {
  webhookUrl: string;
  postgresUrl: string;
  /** The postgres table; a new one per run, so each run's table holds only what that run delivered. */
  table: string;
}

const rule = (field: string, operator: string, value?: unknown) => ({ combinator: 'and', rules: [{ field, operator, ...(value === undefined ? {} : { value }) }] });

/**
 * Three branches over generated data, each ending in another kind of output:
 * engaged subscribers to a webhook, dormant ones upserted into PostgreSQL, new
 * Pro customers to a CSV file. Parallel, 4 partitions, so a run has many steps
 * to be killed between. The webhook node is retried once more as a whole.
 */
export function faultWorkflow(d: Destinations) {
  return {
    schemaVersion: 1,
    name: 'Fault suite',
    run: { mode: 'parallel', partitions: 4, asOf: AS_OF },
    nodes: [
      { id: 'customers', kind: 'source', config: { format: 'parquet', path: 'customers.parquet', key: 'customer_id' } },
      { id: 'events', kind: 'events', config: { format: 'parquet', path: 'events.parquet', key: 'customer_id', timestamp: 'event_time' } },
      { id: 'opted_in', kind: 'filter', config: { condition: rule('email_opt_in', '=', true) } },
      { id: 'opens_30d', kind: 'aggregate', config: { as: 'opens_30d', fn: 'count', withinDays: 30, where: rule('event_type', '=', 'email_open') } },
      { id: 'engaged', kind: 'filter', config: { condition: rule('opens_30d', '>=', 1) } },
      { id: 'dormant', kind: 'filter', config: { condition: rule('opens_30d', '=', 0) } },
      { id: 'new_pros', kind: 'filter', config: { condition: rule('plan', 'in', ['pro', 'enterprise']) } },
      {
        id: 'out_hook', kind: 'output', retry: { attempts: 2, backoffMs: 100, maxBackoffMs: 500 },
        config: { segment: 'engaged', fields: ['customer_id', 'email'], destination: { type: 'webhook', url: d.webhookUrl, batchSize: HOOK_BATCH, timeoutMs: 1000, maxAttempts: 4 } },
      },
      {
        id: 'out_table', kind: 'output',
        config: { segment: 'dormant', fields: ['customer_id', 'email', 'country'], destination: { type: 'postgres', connection: d.postgresUrl, table: d.table, batchSize: 2000 } },
      },
      { id: 'out_file', kind: 'output', config: { segment: 'new_pros', destination: { type: 'csv', path: 'new_pros.csv' } } },
    ],
    edges: [
      { source: 'customers', target: 'opted_in' }, { source: 'opted_in', target: 'opens_30d' }, { source: 'events', target: 'opens_30d', targetPort: 'events' },
      { source: 'opens_30d', target: 'engaged' }, { source: 'opens_30d', target: 'dormant' }, { source: 'customers', target: 'new_pros' },
      { source: 'engaged', target: 'out_hook' }, { source: 'dormant', target: 'out_table' }, { source: 'new_pros', target: 'out_file' },
    ],
  };
}

/** The member ids of each segment, as a run of the draft writes them (to CSV files: drafts reach no webhook or database). */
export type ExpectedSegments = Record<'engaged' | 'dormant' | 'new_pros', string[]>;

export const hookBatches = (expected: ExpectedSegments) => Math.ceil(expected.engaged.length / HOOK_BATCH);

/** The first column of a CSV (the key), header dropped. */
export const csvKeys = (csv: string) => csv.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
