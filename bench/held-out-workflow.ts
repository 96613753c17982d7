import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COUNTRIES } from '../packages/engine/src/generate/catalog.ts';
import type { WorkflowInput } from '../packages/engine/src/node.ts';
import { and, at, edge, filter, purchase, type NodeInput } from './workflow-builders.ts';

/**
 * The second reference workflow, with shapes the first one lacks (issue 16's
 * "held-out" workflow): a lookup on a country table, an ntile decile,
 * avg/max/min and days_since_first aggregates, formulas over looked-up
 * columns, union, intersect and exclude. Three segments.
 */
export const HELD_OUT_SEGMENTS = ['champions', 'growth', 'reactivate'] as const;

export interface HeldOutPaths {
  customers: string;
  events: string;
  countries: string;
  outputs: string;
}

const aggregate = (id: string, x: number, config: Record<string, unknown>): NodeInput => ({ id, kind: 'aggregate', position: at(x, 0), config });
const output = (id: string, segment: string, paths: HeldOutPaths, x: number, y: number): NodeInput => ({
  id, kind: 'output', position: at(x, y), config: { segment, destination: { type: 'parquet', path: `${paths.outputs}/${segment}.parquet` } },
});

/** The country table the lookup reads: a tier and a VAT rate per country code, made from the generator's catalog. */
export async function writeCountries(path: string): Promise<string> {
  const rows = COUNTRIES.map((c, i) => `${c.code},${1 + (i % 3)},${(0.05 + (i % 5) * 0.04).toFixed(2)}`);
  await writeFile(path, `code,tier,vat\n${rows.join('\n')}\n`);
  return path;
}

export const countriesPath = (dir: string) => join(dir, 'countries.csv');

/**
 * 26 nodes:
 * customers → geo (lookup countries) → avg_order → max_order → min_order →
 * tenure → views_90d → net_value (formula over the lookup) → value_decile (ntile 10), then
 * - champions: (top3 ∩ loyal) → spread (formula) → champions filter
 * - growth: (newcomers ∪ engaged tier-1) minus the core
 * - reactivate: dormant ∩ loyal
 */
export function heldOutWorkflow(paths: HeldOutPaths): WorkflowInput {
  return {
    schemaVersion: 1,
    name: 'Bench held-out',
    nodes: [
      { id: 'customers', kind: 'source', position: at(0, 1), config: { format: 'parquet', path: paths.customers, key: 'customer_id' } },
      { id: 'events', kind: 'events', position: at(0, 3), config: { format: 'parquet', path: paths.events, key: 'customer_id', timestamp: 'event_time' } },
      { id: 'countries', kind: 'source', position: at(0, 2), config: { format: 'csv', path: paths.countries, key: 'code' } },
      { id: 'geo', kind: 'lookup', position: at(1, 1), config: { fields: ['tier', 'vat'], on: { in: 'country', lookup: 'code' } } },
      aggregate('avg_order', 2, { as: 'avg_order', fn: 'avg', column: 'amount', withinDays: 180, where: and(purchase) }),
      aggregate('max_order', 3, { as: 'max_order', fn: 'max', column: 'amount', withinDays: 365, where: and(purchase) }),
      aggregate('min_order', 4, { as: 'min_order', fn: 'min', column: 'amount', where: and(purchase) }),
      aggregate('tenure', 5, { as: 'days_since_first', fn: 'days_since_first' }),
      aggregate('views_90d', 6, { as: 'views_90d', fn: 'count', withinDays: 90, where: and({ field: 'event_type', operator: '=', value: 'page_view' }) }),
      { id: 'net_value', kind: 'compute', position: at(7, 0), config: { as: 'net_value', formula: 'max_order * (1 - vat)' } },
      { id: 'value_decile', kind: 'rank', position: at(8, 0), config: { as: 'value_decile', fn: 'ntile', buckets: 10, by: 'net_value', descending: true } },
      filter('top3', 9, 0, { field: 'value_decile', operator: '<=', value: 3 }),
      filter('loyal', 9, 1, { field: 'days_since_first', operator: '>=', value: 365 }),
      filter('engaged', 9, 2, { field: 'views_90d', operator: '>=', value: 3 }),
      filter('newcomers', 9, 3, { field: 'days_since_first', operator: '<', value: 90 }),
      filter('dormant', 9, 4, { field: 'views_90d', operator: '=', value: 0 }, { field: 'value_decile', operator: '<=', value: 5 }),
      { id: 'core', kind: 'intersect', position: at(10, 0), config: {} },
      { id: 'spread', kind: 'compute', position: at(11, 0), config: { as: 'order_spread', formula: 'max_order - min_order' } },
      filter('champions', 12, 0, { field: 'avg_order', operator: '>=', value: 40 }, { field: 'order_spread', operator: '<', value: 300 }),
      filter('tier1', 10, 2, { field: 'tier', operator: '=', value: 1 }),
      { id: 'growth', kind: 'union', position: at(11, 3), config: {} },
      { id: 'growth_final', kind: 'exclude', position: at(12, 3), config: {} },
      { id: 'reactivate', kind: 'intersect', position: at(10, 4), config: {} },
      output('out_champions', 'champions', paths, 13, 0),
      output('out_growth', 'growth', paths, 13, 3),
      output('out_reactivate', 'reactivate', paths, 11, 4),
    ],
    edges: [
      edge('customers', 'geo'), edge('countries', 'geo', 'lookup'),
      edge('geo', 'avg_order'), edge('events', 'avg_order', 'events'),
      edge('avg_order', 'max_order'), edge('events', 'max_order', 'events'),
      edge('max_order', 'min_order'), edge('events', 'min_order', 'events'),
      edge('min_order', 'tenure'), edge('events', 'tenure', 'events'),
      edge('tenure', 'views_90d'), edge('events', 'views_90d', 'events'),
      edge('views_90d', 'net_value'), edge('net_value', 'value_decile'),
      edge('value_decile', 'top3'), edge('value_decile', 'loyal'), edge('value_decile', 'engaged'),
      edge('value_decile', 'newcomers'), edge('value_decile', 'dormant'),
      edge('top3', 'core'), edge('loyal', 'core'), edge('core', 'spread'), edge('spread', 'champions'), edge('champions', 'out_champions'),
      edge('engaged', 'tier1'), edge('newcomers', 'growth'), edge('tier1', 'growth'),
      edge('growth', 'growth_final'), edge('core', 'growth_final', 'minus'), edge('growth_final', 'out_growth'),
      edge('dormant', 'reactivate'), edge('loyal', 'reactivate'), edge('reactivate', 'out_reactivate'),
    ],
  };
}
