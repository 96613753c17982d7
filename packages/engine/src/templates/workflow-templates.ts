import type { WorkflowInput } from '../model/document.ts';
import { COLUMN_WORDS, findColumns, type FoundColumns, type TemplateDataset } from './template-columns.ts';

type NodeInput = WorkflowInput['nodes'][number];
type EdgeInput = NonNullable<WorkflowInput['edges']>[number];
type Needs = (keyof FoundColumns)[];

/** A ready-made workflow a new one can start from. */
export interface WorkflowTemplate {
  id: string;
  name: string;
  /** One sentence on who ends up in the segment. */
  description: string;
  /** Columns the steps read; a template whose columns are not found is not offered. */
  needs: Needs;
  /** The steps after the two sources ("profiles" and "events"), given the columns found. */
  steps(columns: FoundColumns): { nodes: NodeInput[]; edges: EdgeInput[] };
}

const at = (x: number, y: number) => ({ x: x * 260, y: y * 130 });
const edge = (source: string, target: string, targetPort = 'in'): EdgeInput => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort });
const rules = (...list: Record<string, unknown>[]) => ({ combinator: 'and', rules: list });
const output = (id: string, segment: string, label: string, x: number, y: number): NodeInput => ({
  id, kind: 'output', label, position: at(x, y), config: { segment, destination: { type: 'csv', path: `${segment}.csv` } },
});
const purchases = (c: FoundColumns) => rules({ field: c.eventType!, operator: '=', value: 'purchase' });

export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  {
    id: 'win-back',
    name: 'Win-back',
    description: 'Customers who bought at least twice but not in the last 90 days.',
    needs: ['key', 'timestamp', 'eventType'],
    steps: (c) => ({
      nodes: [
        { id: 'orders', kind: 'aggregate', label: 'Purchases, ever', position: at(1, 1), config: { as: 'purchases', fn: 'count', where: purchases(c) } },
        { id: 'last_order', kind: 'aggregate', label: 'Days since last purchase', position: at(2, 1), config: { as: 'days_since_purchase', fn: 'days_since_last', where: purchases(c) } },
        { id: 'lapsed', kind: 'filter', label: 'Bought twice, quiet 90 days', position: at(3, 1), config: { condition: rules({ field: 'purchases', operator: '>=', value: 2 }, { field: 'days_since_purchase', operator: '>', value: 90 }) } },
        output('out_win_back', 'win_back', 'Win-back', 4, 1),
      ],
      edges: [edge('profiles', 'orders'), edge('events', 'orders', 'events'), edge('orders', 'last_order'), edge('events', 'last_order', 'events'), edge('last_order', 'lapsed'), edge('lapsed', 'out_win_back')],
    }),
  },
  {
    id: 'cart-abandonment',
    name: 'Cart abandonment',
    description: 'Customers who added to their cart in the last 7 days and bought nothing since.',
    needs: ['key', 'timestamp', 'eventType'],
    // A sequence rule, not two counts: a purchase before the last cart does not make it bought.
    steps: (c) => ({
      nodes: [
        {
          id: 'abandoned', kind: 'filter', label: 'Carted, no purchase since', position: at(1, 1),
          config: { condition: rules({ sequence: { first: rules({ field: c.eventType!, operator: '=', value: 'add_to_cart' }), lookbackDays: 7, then: purchases(c), withinDays: 7 }, operator: 'notFollowedBy' }) },
        },
        output('out_cart', 'cart_abandonment', 'Cart abandonment', 2, 1),
      ],
      edges: [edge('profiles', 'abandoned'), edge('events', 'abandoned', 'events'), edge('abandoned', 'out_cart')],
    }),
  },
  {
    id: 'vip',
    name: 'VIP',
    description: 'The top 5% of customers by what they spent in the last 365 days.',
    needs: ['key', 'timestamp', 'amount'],
    steps: (c) => ({
      nodes: [
        { id: 'spend', kind: 'aggregate', label: 'Spend, 365 days', position: at(1, 1), config: { as: 'spend_365d', fn: 'sum', column: c.amount!, withinDays: 365 } },
        { id: 'spend_rank', kind: 'rank', label: 'Spend rank', position: at(2, 1), config: { as: 'spend_rank', fn: 'percent_rank', by: 'spend_365d', descending: true } },
        { id: 'top', kind: 'filter', label: 'Top 5% of spenders', position: at(3, 1), config: { condition: rules({ field: 'spend_rank', operator: '<=', value: 0.05 }, { field: 'spend_365d', operator: '>', value: 0 }) } },
        output('out_vip', 'vip', 'VIP', 4, 1),
      ],
      edges: [edge('profiles', 'spend'), edge('events', 'spend', 'events'), edge('spend', 'spend_rank'), edge('spend_rank', 'top'), edge('top', 'out_vip')],
    }),
  },
  {
    id: 'new-customers',
    name: 'New customers',
    description: 'Customers who signed up in the last 30 days.',
    needs: ['key', 'signupDate'],
    steps: (c) => ({
      nodes: [
        { id: 'recent_signups', kind: 'filter', label: 'Signed up, 30 days', position: at(1, 0), config: { condition: rules({ field: c.signupDate!, operator: 'withinLastDays', value: 30 }) } },
        output('out_new', 'new_customers', 'New customers', 2, 0),
      ],
      edges: [edge('profiles', 'recent_signups'), edge('recent_signups', 'out_new')],
    }),
  },
  {
    id: 'holdout',
    name: 'Holdout experiment',
    description: 'Every customer in a stable group: 90% get the campaign, 10% are held out to measure it.',
    needs: ['key'],
    steps: () => ({
      nodes: [
        { id: 'groups', kind: 'split', label: 'Campaign or holdout', position: at(1, 0), config: { as: 'group', seed: 'holdout', groups: [{ name: 'campaign', percent: 90 }, { name: 'holdout', percent: 10 }] } },
        { id: 'campaign', kind: 'filter', label: 'Campaign group', position: at(2, 0), config: { condition: rules({ field: 'group', operator: '=', value: 'campaign' }) } },
        { id: 'held_out', kind: 'filter', label: 'Holdout group', position: at(2, 1), config: { condition: rules({ field: 'group', operator: '=', value: 'holdout' }) } },
        output('out_campaign', 'campaign', 'Campaign', 3, 0),
        output('out_holdout', 'holdout', 'Holdout', 3, 1),
      ],
      edges: [edge('profiles', 'groups'), edge('groups', 'campaign'), edge('groups', 'held_out'), edge('campaign', 'out_campaign'), edge('held_out', 'out_holdout')],
    }),
  },
];

/** A template as offered for the datasets picked: ready to build, or why not. */
export type TemplateOffer = { template: WorkflowTemplate; available: true; columns: FoundColumns } | { template: WorkflowTemplate; available: false; reason: string };

/** Each template with the columns it would read from these datasets, or the reason it cannot be used. */
export function offerTemplates(profiles: TemplateDataset, events: TemplateDataset): TemplateOffer[] {
  const found = findColumns(profiles, events);
  return WORKFLOW_TEMPLATES.map((template) => {
    const missing = template.needs.filter((need) => !found[need]);
    if (missing.length) return { template, available: false, reason: `Needs ${missing.map((m) => COLUMN_WORDS[m]).join('; and ')}.` };
    return { template, available: true, columns: found as FoundColumns };
  });
}

/** The new workflow's document: the two datasets as sources, then the template's steps. */
export function buildFromTemplate(offer: Extract<TemplateOffer, { available: true }>, name: string, profiles: TemplateDataset, events: TemplateDataset): WorkflowInput {
  const { columns } = offer;
  const { nodes, edges } = offer.template.steps(columns);
  const sources: NodeInput[] = [{ id: 'profiles', kind: 'source', label: 'Profiles', position: at(0, 0), config: { format: profiles.format, path: profiles.path, key: columns.key } }];
  // Only the templates that read events get an events step: an unused one would only be a loose end.
  if (edges.some((e) => e.source === 'events'))
    sources.push({ id: 'events', kind: 'events', label: 'Events', position: at(0, 2), config: { format: events.format, path: events.path, key: columns.key, timestamp: columns.timestamp } });
  return { schemaVersion: 1, name, nodes: [...sources, ...nodes], edges };
}
