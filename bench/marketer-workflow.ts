import type { WorkflowInput } from '../packages/engine/src/node.ts';
import { and, at, edge, purchase, type NodeInput } from './workflow-builders.ts';

/**
 * The third reference workflow, built the way a marketer builds one with
 * the spec's additions: behaviour rules ("spent over 800 in a year",
 * "bought twice in 90 days", "did not browse in 2 days"), a sequence rule
 * ("carted and did not buy within 3 days"), a priority so each customer gets
 * one audience, and a 10% holdout split. Four segments.
 */
export const MARKETER_SEGMENTS = ['vip_offer', 'cart_nudge', 'repeat_test', 'repeat_holdout'] as const;

export interface MarketerPaths {
  customers: string;
  events: string;
  outputs: string;
}

/** The split's seed and the holdout's share, which the hand SQL repeats. */
export const HOLDOUT_SEED = 'q4-repeat';
export const HOLDOUT_PERCENT = 10;

const cart = { field: 'event_type', operator: '=', value: 'add_to_cart' };
const view = { field: 'event_type', operator: '=', value: 'page_view' };
const filterOn = (id: string, x: number, y: number, condition: unknown): NodeInput => ({ id, kind: 'filter', position: at(x, y), config: { condition } });
const output = (id: string, segment: string, paths: MarketerPaths, x: number, y: number): NodeInput => ({
  id, kind: 'output', position: at(x, y), config: { segment, destination: { type: 'parquet', path: `${paths.outputs}/${segment}.parquet` } },
});

/**
 * 18 nodes:
 * customers → reachable (opted in, with an email), then three audiences over the events:
 * big_spenders, carted (sequence, and no browsing lately), repeat (bought twice in 90 days, or in the last week);
 * one_each (priority, in that order) → a filter per audience; the repeat buyers split into test and holdout.
 */
export function marketerWorkflow(paths: MarketerPaths): WorkflowInput {
  return {
    schemaVersion: 1,
    name: 'Bench marketer',
    nodes: [
      { id: 'customers', kind: 'source', position: at(0, 1), config: { format: 'parquet', path: paths.customers, key: 'customer_id' } },
      { id: 'events', kind: 'events', position: at(0, 3), config: { format: 'parquet', path: paths.events, key: 'customer_id', timestamp: 'event_time' } },
      filterOn('reachable', 1, 1, and({ field: 'email_opt_in', operator: '=', value: true }, { field: 'email', operator: 'notNull' })),
      filterOn('big_spenders', 2, 0, { combinator: 'and', rules: [{ behavior: { fn: 'sum', column: 'amount', where: and(purchase), withinDays: 365 }, operator: '>', value: 800 }] }),
      filterOn('carted', 2, 1, { combinator: 'and', rules: [
        { sequence: { first: and(cart), lookbackDays: 14, then: and(purchase), withinDays: 3 }, operator: 'notFollowedBy' },
        { combinator: 'and', not: true, rules: [{ behavior: { fn: 'count', where: and(view), withinDays: 2 }, operator: 'did' }] },
      ] }),
      filterOn('repeat', 2, 2, { combinator: 'or', rules: [
        { behavior: { fn: 'count', where: and(purchase), withinDays: 90 }, operator: '>=', value: 2 },
        { behavior: { fn: 'days_since_last', where: and(purchase) }, operator: '<=', value: 7 },
      ] }),
      { id: 'one_each', kind: 'priority', position: at(3, 1), config: { as: 'audience' } },
      filterOn('vip', 4, 0, and({ field: 'audience', operator: '=', value: 'big_spenders' })),
      filterOn('nudge', 4, 1, and({ field: 'audience', operator: '=', value: 'carted' })),
      filterOn('repeaters', 4, 2, and({ field: 'audience', operator: '=', value: 'repeat' })),
      { id: 'holdout', kind: 'split', position: at(5, 2), config: { as: 'group', seed: HOLDOUT_SEED, groups: [{ name: 'holdout', percent: HOLDOUT_PERCENT }, { name: 'test', percent: 100 - HOLDOUT_PERCENT }] } },
      filterOn('test', 6, 2, and({ field: 'group', operator: '=', value: 'test' })),
      filterOn('kept_out', 6, 3, and({ field: 'group', operator: '=', value: 'holdout' })),
      output('out_vip', 'vip_offer', paths, 5, 0),
      output('out_nudge', 'cart_nudge', paths, 5, 1),
      output('out_test', 'repeat_test', paths, 7, 2),
      output('out_holdout', 'repeat_holdout', paths, 7, 3),
    ],
    edges: [
      edge('customers', 'reachable'),
      ...['big_spenders', 'carted', 'repeat'].flatMap((id) => [edge('reachable', id), edge('events', id, 'events'), edge(id, 'one_each')]),
      edge('one_each', 'vip'), edge('one_each', 'nudge'), edge('one_each', 'repeaters'),
      edge('vip', 'out_vip'), edge('nudge', 'out_nudge'),
      edge('repeaters', 'holdout'), edge('holdout', 'test'), edge('holdout', 'kept_out'),
      edge('test', 'out_test'), edge('kept_out', 'out_holdout'),
    ],
  };
}
