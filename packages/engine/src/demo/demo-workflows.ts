import type { WorkflowInput } from '../model/document.ts';

/** Where the demo documents find the generated data (paths as the documents write them). */
export interface DemoPaths {
  customers: string;
  events: string;
  /** Folder for the segment files. */
  outputs: string;
}

/** The generator's events end on 2025-12-31: the demos look at the data as of then. */
export const DEMO_AS_OF = '2025-12-31';

type NodeInput = WorkflowInput['nodes'][number];
type EdgeInput = NonNullable<WorkflowInput['edges']>[number];

const at = (x: number, y: number) => ({ x: x * 260, y: y * 130 });
const edge = (source: string, target: string, targetPort = 'in'): EdgeInput => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort });

function ingestion(paths: DemoPaths): NodeInput[] {
  return [
    { id: 'customers', kind: 'source', label: 'Customers', position: at(0, 1), config: { format: 'parquet', path: paths.customers, key: 'customer_id' } },
    { id: 'events', kind: 'events', label: 'Events', position: at(0, 3), config: { format: 'parquet', path: paths.events, key: 'customer_id', timestamp: 'event_time' } },
  ];
}

const output = (id: string, segment: string, paths: DemoPaths, x: number, y: number, expect?: { min?: number; max?: number }): NodeInput => ({
  id, kind: 'output', label: segment.replaceAll('_', ' '), position: at(x, y),
  config: { segment, destination: { type: 'csv', path: `${paths.outputs}/${segment}.csv` }, ...(expect ? { expect } : {}) },
});

/** A nightly batch newsletter segmentation: a straight line of rules, run sequentially. */
export function newsletterWorkflow(paths: DemoPaths): WorkflowInput {
  return {
    schemaVersion: 1,
    name: 'Nightly newsletter',
    run: { mode: 'sequential', asOf: DEMO_AS_OF },
    nodes: [
      ...ingestion(paths),
      { id: 'opted_in', kind: 'filter', label: 'Opted in to email', position: at(1, 1), config: { condition: { combinator: 'and', rules: [{ field: 'email_opt_in', operator: '=', value: true }, { field: 'email', operator: 'notNull' }] } } },
      { id: 'opens_30d', kind: 'aggregate', label: 'Email opens, 30 days', position: at(2, 2), config: { as: 'opens_30d', fn: 'count', withinDays: 30, where: { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'email_open' }] } } },
      { id: 'engaged', kind: 'filter', label: 'Opened lately', position: at(3, 1), config: { condition: { combinator: 'and', rules: [{ field: 'opens_30d', operator: '>=', value: 1 }] } } },
      { id: 'dormant', kind: 'filter', label: 'No opens lately', position: at(3, 3), config: { condition: { combinator: 'and', rules: [{ field: 'opens_30d', operator: '=', value: 0 }] } } },
      output('out_engaged', 'newsletter_engaged', paths, 4, 1),
      output('out_dormant', 'newsletter_reactivation', paths, 4, 3),
    ],
    edges: [
      edge('customers', 'opted_in'), edge('opted_in', 'opens_30d'), edge('events', 'opens_30d', 'events'),
      edge('opens_30d', 'engaged'), edge('opens_30d', 'dormant'), edge('engaged', 'out_engaged'), edge('dormant', 'out_dormant'),
    ],
  };
}

/** Several independent rules evaluated side by side, then combined: run in parallel. */
export function realtimeWorkflow(paths: DemoPaths): WorkflowInput {
  const purchases = { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'purchase' }] };
  return {
    schemaVersion: 1,
    name: 'Real-time offers',
    run: { mode: 'parallel', asOf: DEMO_AS_OF },
    nodes: [
      ...ingestion(paths),
      { id: 'carts_7d', kind: 'aggregate', label: 'Carts, 7 days', position: at(1, 0), config: { as: 'carts_7d', fn: 'count', withinDays: 7, where: { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'add_to_cart' }] } } },
      { id: 'buys_7d', kind: 'aggregate', label: 'Purchases, 7 days', position: at(2, 0), config: { as: 'buys_7d', fn: 'count', withinDays: 7, where: purchases } },
      { id: 'abandoners', kind: 'filter', label: 'Cart abandoners', position: at(3, 0), config: { condition: { combinator: 'and', rules: [{ field: 'carts_7d', operator: '>=', value: 1 }, { field: 'buys_7d', operator: '=', value: 0 }] } } },
      { id: 'spend_90d', kind: 'aggregate', label: 'Spend, 90 days', position: at(1, 2), config: { as: 'spend_90d', fn: 'sum', column: 'amount', withinDays: 90, where: purchases } },
      { id: 'big_spenders', kind: 'filter', label: 'Spent over 500', position: at(2, 2), config: { condition: { combinator: 'and', rules: [{ field: 'spend_90d', operator: '>', value: 500 }] } } },
      { id: 'new_pros', kind: 'filter', label: 'New on Pro', position: at(1, 4), config: { condition: { combinator: 'and', rules: [{ field: 'plan', operator: 'in', value: ['pro', 'enterprise'] }, { field: 'signup_date', operator: 'withinLastDays', value: 180 }] } } },
      { id: 'offer', kind: 'union', label: 'Any offer', position: at(4, 2), config: {} },
      output('out_offer', 'realtime_offer', paths, 5, 2),
    ],
    edges: [
      edge('customers', 'carts_7d'), edge('events', 'carts_7d', 'events'), edge('carts_7d', 'buys_7d'), edge('events', 'buys_7d', 'events'),
      edge('buys_7d', 'abandoners'), edge('customers', 'spend_90d'), edge('events', 'spend_90d', 'events'), edge('spend_90d', 'big_spenders'),
      edge('customers', 'new_pros'), edge('abandoners', 'offer'), edge('big_spenders', 'offer'), edge('new_pros', 'offer'), edge('offer', 'out_offer'),
    ],
  };
}

/** A loyalty program: top 10% of spenders in each country (a barrier), then several outputs: hybrid. */
export function loyaltyWorkflow(paths: DemoPaths): WorkflowInput {
  return {
    schemaVersion: 1,
    name: 'Loyalty program',
    run: { mode: 'hybrid', asOf: DEMO_AS_OF },
    nodes: [
      ...ingestion(paths),
      { id: 'spend_365d', kind: 'aggregate', label: 'Spend, 365 days', position: at(1, 2), config: { as: 'spend_365d', fn: 'sum', column: 'amount', withinDays: 365, where: { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'purchase' }] } } },
      { id: 'last_seen', kind: 'aggregate', label: 'Days since last visit', position: at(2, 2), config: { as: 'days_since_visit', fn: 'days_since_last' } },
      { id: 'national_rank', kind: 'rank', label: 'Spend rank in country', position: at(3, 2), config: { as: 'spend_rank', fn: 'percent_rank', by: 'spend_365d', descending: true, partitionBy: 'country' } },
      { id: 'top10', kind: 'filter', label: 'Top 10% in country', position: at(4, 2), config: { condition: { combinator: 'and', rules: [{ field: 'spend_rank', operator: '<=', value: 0.1 }, { field: 'spend_365d', operator: '>', value: 0 }] } } },
      { id: 'tier', kind: 'compute', label: 'Tier', position: at(5, 2), config: { as: 'tier', formula: "if(spend_rank <= 0.02, 'platinum', 'gold')" } },
      { id: 'emailable', kind: 'filter', label: 'Email opt-in', position: at(6, 1), config: { condition: { combinator: 'and', rules: [{ field: 'email_opt_in', operator: '=', value: true }] } } },
      { id: 'at_risk', kind: 'filter', label: 'Quiet for 60 days', position: at(6, 3), config: { condition: { combinator: 'and', rules: [{ field: 'days_since_visit', operator: '>', value: 60 }] } } },
      output('out_members', 'loyalty_members', paths, 7, 0),
      output('out_email', 'loyalty_email', paths, 7, 1),
      output('out_at_risk', 'loyalty_at_risk', paths, 7, 3),
    ],
    edges: [
      edge('customers', 'spend_365d'), edge('events', 'spend_365d', 'events'), edge('spend_365d', 'last_seen'), edge('events', 'last_seen', 'events'),
      edge('last_seen', 'national_rank'), edge('national_rank', 'top10'), edge('top10', 'tier'), edge('tier', 'out_members'),
      edge('tier', 'emailable'), edge('emailable', 'out_email'), edge('tier', 'at_risk'), edge('at_risk', 'out_at_risk'),
    ],
  };
}

export const demoWorkflows = (paths: DemoPaths) => [newsletterWorkflow(paths), realtimeWorkflow(paths), loyaltyWorkflow(paths)];
