import type { WorkflowInput } from '../packages/engine/src/node.ts';
import type { EdgeInput, NodeInput, Rule } from './workflow-builders.ts';

/**
 * Valid documents of about `size` nodes that share nothing with each other: for
 * each seed, other node ids, labels, positions, edge ids, block shapes, aggregate
 * functions, windows, operators and values. They stand for the documents a
 * server sees from many editors (the held-out traffic of issue 16), where no
 * node's settings were seen before, unlike successive edits of one document.
 * Columns are the bench dataset's (the generator's customers and events).
 */
export function variedDocument(size: number, seed: number): WorkflowInput {
  const random = mulberry32(seed * 7919 + 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const tag = `${pick(PREFIXES)}${seed.toString(36)}`;
  const nodes: NodeInput[] = [];
  const edges: EdgeInput[] = [];
  let x = 0;
  const add = (id: string, kind: string, config: Record<string, unknown>, label?: string) => {
    nodes.push({ id, kind, ...(label ? { label } : {}), position: { x: (x++ % 40) * 220 + int(0, 30), y: int(0, 2_000) }, config });
  };
  const link = (source: string, target: string, targetPort = 'in') =>
    edges.push({ id: `e-${source}-${target}-${targetPort}-${int(0, 1e6).toString(36)}`, source, target, targetPort });

  const customers = `${tag}_customers`;
  const events = `${tag}_events`;
  add(customers, 'source', { format: 'parquet', path: 'customers.parquet', key: 'customer_id' }, `Customers ${seed}`);
  add(events, 'events', { format: 'parquet', path: 'events.parquet', key: 'customer_id', timestamp: 'event_time' }, 'Events');

  let block = 0;
  let tip = customers;
  const blocks = [behaviourBlock, recencyBlock, filterChain];
  while (nodes.length < size) {
    const id = (name: string) => `${tag}_${block}_${name}`;
    const start = block % int(3, 6) === 0 ? customers : tip;
    const room = size - nodes.length;
    const make = room >= 10 ? pick(blocks) : filterChain;
    tip = make({ id, start, events, room, add, link, pick, int, random });
    block++;
  }
  return { schemaVersion: 1, name: `Varied ${seed}, ${nodes.length} nodes`, nodes, edges };
}

interface Block {
  id: (name: string) => string;
  start: string;
  events: string;
  room: number;
  add: (id: string, kind: string, config: Record<string, unknown>, label?: string) => void;
  link: (source: string, target: string, targetPort?: string) => void;
  pick: <T>(list: readonly T[]) => T;
  int: (low: number, high: number) => number;
  random: () => number;
}

const PREFIXES = ['spring', 'vip', 'churn', 'promo', 'loyal', 'winback', 'nl', 'q3', 'gold', 'trial'];
const EVENT_TYPES = ['purchase', 'page_view', 'add_to_cart', 'email_open'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'NL', 'ES', 'IT', 'BR', 'JP', 'CA'];
const PLANS = ['free', 'basic', 'pro', 'enterprise'];
const and = (...rules: Rule[]) => ({ combinator: 'and', rules });

/** A rule on one of the customers' own columns. */
function customerRule(b: Block): Rule {
  const rules: (() => Rule)[] = [
    () => ({ field: 'country', operator: b.pick(['in', 'notIn']), value: COUNTRIES.filter(() => b.random() < 0.4) }),
    () => ({ field: 'plan', operator: b.pick(['=', '!=']), value: b.pick(PLANS) }),
    () => ({ field: 'credit_score', operator: b.pick(['>', '>=', '<']), value: b.int(300, 850) }),
    () => ({ field: 'credit_score', operator: 'between', value: [b.int(300, 550), b.int(560, 850)] }),
    () => ({ field: 'email_opt_in', operator: '=', value: b.random() < 0.7 }),
    () => ({ field: 'birth_year', operator: b.pick(['<', '>']), value: b.int(1950, 2005) }),
    () => ({ field: 'email', operator: b.pick(['endsWith', 'contains']), value: b.pick(['.com', '.de', 'mail', '@']) }),
    () => ({ field: 'signup_date', operator: b.pick(['withinLastDays', 'notWithinLastDays']), value: b.int(7, 720) }),
    () => ({ field: 'city', operator: 'notNull' }),
  ];
  return b.pick(rules)();
}

/** Ten nodes: two aggregates, a formula, a rank, two filters, intersect, union, exclude, an output. */
function behaviourBlock(b: Block): string {
  const { id, add, link } = b;
  const fn = b.pick(['sum', 'avg', 'max', 'min']);
  const ntile = b.random() < 0.5;
  add(id('figure'), 'aggregate', { as: id('figure'), fn, column: 'amount', withinDays: b.int(7, 365), where: and({ field: 'event_type', operator: '=', value: b.pick(EVENT_TYPES) }) }, `${fn} of amount`);
  add(id('count'), 'aggregate', { as: id('count'), fn: 'count', ...(b.random() < 0.7 ? { withinDays: b.int(1, 180) } : {}) });
  add(id('score'), 'compute', { as: id('score'), formula: `round(${id('figure')} / (${id('count')} + ${b.int(1, 9)}), ${b.int(0, 3)})` }, 'Score');
  add(id('rank'), 'rank', ntile ? { as: id('rank'), fn: 'ntile', buckets: b.int(2, 100), by: id('score'), descending: b.random() < 0.5 } : { as: id('rank'), fn: 'percent_rank', by: id('score'), descending: true });
  add(id('top'), 'filter', { condition: and({ field: id('rank'), operator: '<=', value: ntile ? b.int(1, 2) : Math.round(b.random() * 1000) / 1000 }) }, 'Top');
  add(id('side'), 'filter', { condition: and(customerRule(b), customerRule(b)) });
  add(id('both'), 'intersect', {});
  add(id('either'), 'union', {});
  add(id('final'), 'exclude', {});
  add(id('out'), 'output', { segment: id('segment'), destination: { type: b.pick(['csv', 'parquet']), path: `${id('segment')}.${b.int(0, 9)}.out` } }, `Segment ${id('out')}`);
  link(b.start, id('figure')); link(b.events, id('figure'), 'events');
  link(id('figure'), id('count')); link(b.events, id('count'), 'events');
  link(id('count'), id('score')); link(id('score'), id('rank')); link(id('rank'), id('top'));
  link(b.start, id('side'));
  link(id('top'), id('both')); link(id('side'), id('both'));
  link(id('both'), id('either')); link(id('side'), id('either'));
  link(id('either'), id('final')); link(id('top'), id('final'), 'minus');
  link(id('final'), id('out'));
  return id('top');
}

/** Six nodes: a days-since aggregate, a filter on it, a behaviour-rule filter, a customer filter, a union, an output. */
function recencyBlock(b: Block): string {
  const { id, add, link } = b;
  const fn = b.pick(['days_since_first', 'days_since_last']);
  add(id('days'), 'aggregate', { as: id('days'), fn, ...(b.random() < 0.5 ? { where: and({ field: 'category', operator: 'notNull' }) } : {}) });
  add(id('recent'), 'filter', { condition: and({ field: id('days'), operator: b.pick(['<', '>=']), value: b.int(1, 400) }) });
  add(id('did'), 'filter', { condition: and({ behavior: { fn: 'count', withinDays: b.int(7, 90), where: and({ field: 'event_type', operator: '=', value: b.pick(EVENT_TYPES) }) }, operator: '>=', value: b.int(1, 5) } as unknown as Rule) }, 'Did it lately');
  add(id('who'), 'filter', { condition: { combinator: b.pick(['and', 'or']), rules: [customerRule(b), customerRule(b), customerRule(b)] } });
  add(id('any'), 'union', {});
  add(id('out'), 'output', { segment: id('segment'), destination: { type: 'csv', path: `${id('segment')}.csv` } });
  link(b.start, id('days')); link(b.events, id('days'), 'events');
  link(id('days'), id('recent'));
  link(b.start, id('did')); link(b.events, id('did'), 'events');
  link(id('did'), id('who'));
  link(id('recent'), id('any')); link(id('who'), id('any'));
  link(id('any'), id('out'));
  return id('recent');
}

/** One to seven filters on customer columns, one after the other, and an output (fills what is left at the end). */
function filterChain(b: Block): string {
  const { id, add, link } = b;
  const filters = Math.min(b.room, b.int(2, 8)) - 1;
  let previous = b.start;
  for (let i = 0; i < filters; i++) {
    add(id(`f${i}`), 'filter', { condition: and(...Array.from({ length: b.int(1, 3) }, () => customerRule(b))) });
    link(previous, id(`f${i}`));
    previous = id(`f${i}`);
  }
  add(id('out'), 'output', { segment: id('segment'), destination: { type: 'csv', path: `${id('segment')}.csv` } });
  link(previous, id('out'));
  return previous;
}

/** A small seeded generator: the same seed gives the same document. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
