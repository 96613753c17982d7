import type { WorkflowInput } from '../packages/engine/src/node.ts';
import { and, at, edge, filter, purchase, type NodeInput } from './workflow-builders.ts';

/**
 * The bench's fixed as-of date. It lies two weeks before the generated data
 * ends (2026-01-01), so every aggregate must leave out the events after it.
 */
export const AS_OF = '2025-12-15';

/** The four segments the reference workflow, the hand-written SQL and the naive evaluator all make. */
export const SEGMENTS = ['vip_active', 'vip_winback', 'cart_recovery', 'offer'] as const;
export type SegmentName = (typeof SEGMENTS)[number];

export interface ReferencePaths {
  customers: string;
  events: string;
  /** Folder the segment files go to when a run delivers. */
  outputs: string;
}

const aggregate = (id: string, x: number, y: number, config: Record<string, unknown>): NodeInput => ({ id, kind: 'aggregate', position: at(x, y), config });
const output = (id: string, segment: SegmentName, paths: ReferencePaths, x: number, y: number, fields?: string[]): NodeInput => ({
  id, kind: 'output', position: at(x, y),
  config: { segment, destination: { type: 'parquet', path: `${paths.outputs}/${segment}.parquet` }, ...(fields ? { fields } : {}) },
});

/**
 * 23 nodes: two ingestion nodes, five event aggregates (365- and 30-day
 * windows, `where` with `=` and `notIn`, a recency without window), a formula
 * that divides by a possibly-zero count, a percent_rank barrier with heavy
 * ties (every non-buyer spends 0), a branch after the barrier, intersect,
 * union, exclude with two inputs, and four outputs:
 *
 * - vip_active: customers → spend_365d → orders_365d → aov → spend_rank →
 *   top_spenders → last_seen, intersected with emailable, → vip_active
 * - vip_winback: last_seen → lapsed
 * - cart_recovery: customers → carts_30d → buys_30d → abandoners
 * - offer: (abandoners ∪ new_premium) minus top_spenders and low_credit
 */
export function referenceWorkflow(paths: ReferencePaths): WorkflowInput {
  return {
    schemaVersion: 1,
    name: 'Bench reference',
    nodes: [
      { id: 'customers', kind: 'source', position: at(0, 2), config: { format: 'parquet', path: paths.customers, key: 'customer_id' } },
      { id: 'events', kind: 'events', position: at(0, 5), config: { format: 'parquet', path: paths.events, key: 'customer_id', timestamp: 'event_time' } },
      aggregate('spend_365d', 1, 0, { as: 'spend_365d', fn: 'sum', column: 'amount', withinDays: 365, where: and(purchase) }),
      aggregate('orders_365d', 2, 0, { as: 'orders_365d', fn: 'count', withinDays: 365, where: and(purchase, { field: 'category', operator: 'notIn', value: ['grocery'] }) }),
      { id: 'aov', kind: 'compute', position: at(3, 0), config: { as: 'aov', formula: 'round(spend_365d / orders_365d, 2)' } },
      { id: 'spend_rank', kind: 'rank', position: at(4, 0), config: { as: 'spend_rank', fn: 'percent_rank', by: 'spend_365d', descending: true } },
      filter('top_spenders', 5, 0, { field: 'spend_rank', operator: '<=', value: 0.1 }, { field: 'spend_365d', operator: '>', value: 0 }),
      aggregate('last_seen', 6, 0, { as: 'days_since_last', fn: 'days_since_last' }),
      filter('emailable', 1, 1, { field: 'email_opt_in', operator: '=', value: true }, { field: 'email', operator: 'notNull' }),
      { id: 'vip', kind: 'intersect', position: at(7, 0), config: {} },
      filter('vip_active', 8, 0, { field: 'days_since_last', operator: '<=', value: 30 }, { field: 'aov', operator: '>=', value: 50 }),
      filter('lapsed', 7, 1, { field: 'days_since_last', operator: '>', value: 60 }),
      aggregate('carts_30d', 1, 3, { as: 'carts_30d', fn: 'count', withinDays: 30, where: and({ field: 'event_type', operator: '=', value: 'add_to_cart' }) }),
      aggregate('buys_30d', 2, 3, { as: 'buys_30d', fn: 'count', withinDays: 30, where: and(purchase) }),
      filter('abandoners', 3, 3, { field: 'carts_30d', operator: '>=', value: 1 }, { field: 'buys_30d', operator: '=', value: 0 }),
      filter('new_premium', 1, 4, { field: 'plan', operator: 'in', value: ['pro', 'enterprise'] }, { field: 'signup_date', operator: 'withinLastDays', value: 365 }),
      filter('low_credit', 1, 5, { field: 'credit_score', operator: '<', value: 580 }),
      { id: 'offer', kind: 'union', position: at(4, 4), config: {} },
      { id: 'offer_final', kind: 'exclude', position: at(6, 4), config: {} },
      output('out_vip', 'vip_active', paths, 9, 0, ['email', 'aov', 'days_since_last']),
      output('out_winback', 'vip_winback', paths, 8, 1, ['email', 'spend_365d']),
      output('out_cart', 'cart_recovery', paths, 4, 3),
      output('out_offer', 'offer', paths, 7, 4, ['email', 'plan']),
    ],
    edges: [
      edge('customers', 'spend_365d'), edge('events', 'spend_365d', 'events'),
      edge('spend_365d', 'orders_365d'), edge('events', 'orders_365d', 'events'),
      edge('orders_365d', 'aov'), edge('aov', 'spend_rank'), edge('spend_rank', 'top_spenders'),
      edge('top_spenders', 'last_seen'), edge('events', 'last_seen', 'events'),
      edge('customers', 'emailable'),
      edge('last_seen', 'vip'), edge('emailable', 'vip'), edge('vip', 'vip_active'), edge('vip_active', 'out_vip'),
      edge('last_seen', 'lapsed'), edge('lapsed', 'out_winback'),
      edge('customers', 'carts_30d'), edge('events', 'carts_30d', 'events'),
      edge('carts_30d', 'buys_30d'), edge('events', 'buys_30d', 'events'), edge('buys_30d', 'abandoners'), edge('abandoners', 'out_cart'),
      edge('customers', 'new_premium'), edge('customers', 'low_credit'),
      edge('abandoners', 'offer'), edge('new_premium', 'offer'),
      edge('offer', 'offer_final'), edge('top_spenders', 'offer_final', 'minus'), edge('low_credit', 'offer_final', 'minus'),
      edge('offer_final', 'out_offer'),
    ],
  };
}

/** The document with one node's config replaced: what an edit in the inspector does. */
export function withConfig(document: WorkflowInput, nodeId: string, change: (config: Record<string, unknown>) => Record<string, unknown>): WorkflowInput {
  return { ...document, nodes: document.nodes.map((n) => (n.id === nodeId ? { ...n, config: change(structuredClone(n.config ?? {})) } : n)) };
}

/** Edits the last rule before an output: only `vip_active` and `out_vip` are recomputed. */
export const editFarRule = (document: WorkflowInput, days: number) =>
  withConfig(document, 'vip_active', () => ({ condition: and({ field: 'days_since_last', operator: '<=', value: days }, { field: 'aov', operator: '>=', value: 50 }) }));

/** Edits the first aggregate after the sources: the rank barrier and everything below it are recomputed. */
export const editSourceAdjacent = (document: WorkflowInput, days: number) =>
  withConfig(document, 'spend_365d', (config) => ({ ...config, withinDays: days }));
