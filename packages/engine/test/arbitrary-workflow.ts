import fc from 'fast-check';
import type { ColumnType } from '../src/model/column.ts';
import { LONG_LIST } from '../src/conditions/compile-condition.ts';
import { doc, edge, node, type EdgeSpec, type NodeSpec } from './workflow-builders.ts';

/**
 * Random valid workflows over a fixed pair of files (`customers.csv`,
 * `events.csv`, see `tinyDataset`): chains of filters (behaviour and sequence
 * rules included), computes, aggregates, ranks and splits, combined by unions,
 * intersects, priorities and excludes, ending in 1-3 outputs.
 * Every column name is made once, so combines never conflict.
 */
export const CUSTOMER_FILE_COLUMNS: Record<string, ColumnType> = {
  id: 'integer', age: 'integer', income: 'number', country: 'string', signup: 'date', vip: 'boolean',
};
export const EVENT_FILE_COLUMNS: Record<string, ColumnType> = { id: 'integer', ts: 'date', amount: 'number', kind: 'string' };

type Op = 'filter' | 'compute' | 'aggregate' | 'rank' | 'lookup' | 'union' | 'intersect' | 'exclude' | 'behaviour' | 'split' | 'priority';
interface Step {
  op: Op;
  picks: number[];
  params: number[];
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom<Op>('filter', 'filter', 'compute', 'aggregate', 'aggregate', 'rank', 'lookup', 'union', 'intersect', 'exclude', 'behaviour', 'behaviour', 'split', 'priority'),
  picks: fc.array(fc.nat(1000), { minLength: 3, maxLength: 3 }),
  params: fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }),
});

export interface WorkflowRecipe {
  steps: Step[];
  /** Populations (by index, modulo) delivered besides the last one. */
  outputs: number[];
}

export const workflowPlanArb: fc.Arbitrary<WorkflowRecipe> = fc.record({
  steps: fc.array(stepArb, { minLength: 1, maxLength: 9 }),
  outputs: fc.array(fc.nat(1000), { minLength: 0, maxLength: 2 }),
});

interface Population {
  id: string;
  columns: Map<string, ColumnType>;
  /** Which node made each column: combines of one name from two makers need `conflict`. */
  origins: Map<string, string>;
}

const at = <T>(list: readonly T[], i: number): T => list[i % list.length];

const VALUES: Record<string, unknown[]> = {
  age: [18, 30, 42, 55, 70],
  income: [0, 20000, 45000.5, 60000, 90000],
  country: ['FR', 'US', 'DE', 'a%b', 'zz'],
  signup: ['2020-06-30', '2021-01-01', '2021-12-31', '2022-06-01'],
};
const GENERIC_NUMBERS = [0, 1, 2, 3, 5, 10, 0.5, 100, 250.25];
const GENERIC_STRINGS = ['view', 'cart', 'buy', 'b', 'zz'];

/** A third of the lists run long, past LONG_LIST, with values no row holds: they compile to a bound array. */
const maybeLong = (list: unknown[], type: ColumnType, p: number[]): unknown[] =>
  p[2] % 3 !== 0 ? list : [...list, ...Array.from({ length: LONG_LIST + 1 + (p[1] % 50) }, (_, i) => (type === 'string' ? `pad${i}` : 1_000_000 + i + 0.5))];

function ruleFor(name: string, type: ColumnType, p: number[]): Record<string, unknown> {
  const values = VALUES[name] ?? (type === 'string' ? GENERIC_STRINGS : type === 'date' ? VALUES.signup : GENERIC_NUMBERS);
  const v = at(values, p[1]);
  const w = at(values, p[2]);
  const pair = [v, w].sort((a, b) => (String(a) < String(b) ? -1 : 1));
  const numericPair = [Math.min(Number(v), Number(w)), Math.max(Number(v), Number(w))];
  switch (type) {
    case 'boolean':
      return { field: name, operator: at(['=', '!=', 'null', 'notNull'], p[0]), value: p[1] % 2 === 0 };
    case 'string': {
      const operator = at(['=', '!=', 'in', 'notIn', 'contains', 'doesNotContain', 'beginsWith', 'endsWith', 'null', 'notNull'], p[0]);
      if (operator === 'in' || operator === 'notIn') return { field: name, operator, value: maybeLong(pair, type, p) };
      if (operator === 'null' || operator === 'notNull') return { field: name, operator };
      return { field: name, operator, value: operator === 'beginsWith' || operator === 'endsWith' ? String(v).slice(0, 1) : v };
    }
    case 'date':
    case 'timestamp': {
      const operator = at(['<', '>=', 'withinLastDays', 'notWithinLastDays', 'between', 'null'], p[0]);
      if (operator === 'withinLastDays' || operator === 'notWithinLastDays') return { field: name, operator, value: at([0, 30, 90, 365, 700], p[1]) };
      if (operator === 'between') return { field: name, operator, value: pair };
      if (operator === 'null') return { field: name, operator };
      return { field: name, operator, value: v };
    }
    default: {
      const operator = at(['=', '!=', '<', '<=', '>', '>=', 'between', 'notBetween', 'in', 'notIn', 'null', 'notNull'], p[0]);
      if (operator === 'between' || operator === 'notBetween') return { field: name, operator, value: numericPair };
      if (operator === 'in' || operator === 'notIn') return { field: name, operator, value: maybeLong(numericPair, type, p) };
      if (operator === 'null' || operator === 'notNull') return { field: name, operator };
      return { field: name, operator, value: v };
    }
  }
}

const AGGREGATES: { fn: string; column?: string; type: ColumnType }[] = [
  { fn: 'count', type: 'integer' },
  { fn: 'sum', column: 'amount', type: 'number' },
  { fn: 'avg', column: 'amount', type: 'number' },
  { fn: 'min', column: 'amount', type: 'number' },
  { fn: 'max', column: 'kind', type: 'string' },
  { fn: 'first', column: 'kind', type: 'string' },
  { fn: 'last', column: 'amount', type: 'number' },
  { fn: 'max', column: 'ts', type: 'date' },
  { fn: 'days_since_last', type: 'integer' },
  { fn: 'days_since_first', type: 'integer' },
];

/** A behaviour rule: an aggregate figure compared like a column of its type, or did / didNot. */
function behaviourRuleFor(p: number[]): Record<string, unknown> {
  // Counts come often: did / didNot and counts compared with fractions live there.
  const agg = p[1] % 5 === 2 ? AGGREGATES[0] : at(AGGREGATES, p[0]);
  const behavior: Record<string, unknown> = { fn: agg.fn, ...(agg.column ? { column: agg.column } : {}) };
  if (p[1] % 3 === 0) behavior.withinDays = at([0, 7, 30, 180], p[2]);
  if (p[1] % 4 === 1) behavior.where = { combinator: 'and', rules: [{ field: 'kind', operator: 'in', value: ['buy', 'cart'] }] };
  if (agg.fn === 'count' && p[2] % 3 !== 0) return { behavior, operator: p[2] % 3 === 1 ? 'did' : 'didNot' };
  const { field: _field, ...comparison } = ruleFor(`behaviour`, agg.type, [p[3], p[2], p[1]]);
  return { behavior, ...comparison };
}

/** A sequence rule: an event of one kind (or any big one), then (or not) one of another (or the same) kind. */
function sequenceRuleFor(p: number[]): Record<string, unknown> {
  const kind = (k: string) => ({ combinator: 'and', rules: [{ field: 'kind', operator: '=', value: k }] });
  const big = { combinator: 'and', rules: [{ field: 'amount', operator: '>=', value: 100 }] };
  const first = p[3] % 5 === 4 ? big : kind(at(['view', 'cart', 'buy'], p[0]));
  const then = p[3] % 4 === 3 ? { combinator: 'or', rules: [kind('buy'), kind('cart')] } : kind(at(['buy', 'cart', 'view'], p[1]));
  return {
    sequence: { first, lookbackDays: at([0, 7, 30, 365], p[2]), then, withinDays: at([0, 1, 2, 30], p[3]) },
    operator: p[0] % 2 ? 'followedBy' : 'notFollowedBy',
  };
}

/** Builds the document a recipe describes; output destinations are csv files `out_N.csv`. */
export function buildWorkflow(recipe: WorkflowRecipe) {
  const nodes: NodeSpec[] = [
    node('customers', 'source', { format: 'csv', path: 'customers.csv', key: 'id' }),
    node('events', 'events', { format: 'csv', path: 'events.csv', key: 'id', timestamp: 'ts' }),
  ];
  const edges: EdgeSpec[] = [];
  const fromSource = (names: string[]) => new Map(names.map((n) => [n, 'customers']));
  const pops: Population[] = [
    { id: 'customers', columns: new Map(Object.entries(CUSTOMER_FILE_COLUMNS)), origins: fromSource(Object.keys(CUSTOMER_FILE_COLUMNS)) },
  ];
  let lookupSource = false;
  /** The input's columns plus one made by `id`. */
  const extend = (input: Population, id: string, name: string, type: ColumnType): Population => ({
    id,
    columns: new Map([...input.columns, [name, type]]),
    origins: new Map([...input.origins, [name, id]]),
  });
  recipe.steps.forEach((step, i) => {
    const id = `n${i}`;
    const input = at(pops, step.picks[0]);
    const names = [...input.columns.keys()].filter((n) => n !== 'id');
    const p = step.params;
    let op = step.op;
    if ((op === 'union' || op === 'intersect' || op === 'exclude' || op === 'priority') && pops.length < 2) op = 'filter';
    const numeric = names.filter((n) => ['integer', 'number'].includes(input.columns.get(n)!));
    if (op === 'filter') {
      const field = at(names, step.picks[1]);
      const rules = [ruleFor(field, input.columns.get(field)!, p)];
      if (p[3] % 3 === 0) {
        const other = at(names, step.picks[2]);
        rules.push(ruleFor(other, input.columns.get(other)!, [p[3], p[2], p[1]]));
      }
      nodes.push(node(id, 'filter', { condition: { combinator: p[3] % 2 ? 'or' : 'and', not: p[3] % 5 === 0, rules } }));
      edges.push(edge(input.id, id));
      pops.push({ ...input, id });
    } else if (op === 'behaviour') {
      // One or two rules on the customer's events, sometimes beside a column rule, sometimes under NOT.
      const rules: Record<string, unknown>[] = [step.picks[2] % 3 === 0 ? sequenceRuleFor([p[1], p[0], p[3], p[2]]) : behaviourRuleFor(p)];
      if (p[3] % 3 === 0) rules.push(sequenceRuleFor([p[3], p[2], p[1], p[0]]));
      if (p[3] % 4 === 1) {
        const field = at(names, step.picks[1]);
        rules.push(ruleFor(field, input.columns.get(field)!, [p[2], p[1], p[0]]));
      }
      nodes.push(node(id, 'filter', { condition: { combinator: p[1] % 2 ? 'or' : 'and', not: p[2] % 4 === 0, rules } }));
      edges.push(edge(input.id, id), edge('events', id, 'events'));
      pops.push({ ...input, id });
    } else if (op === 'split') {
      const groups = p[0] % 2
        ? [{ name: 'b', percent: 30 }, { name: 'zz', percent: 50.5 }, { name: 'view', percent: 19.5 }]
        : [{ name: 'buy', percent: 90 }, { name: 'zz', percent: 10 }];
      nodes.push(node(id, 'split', { as: `g${i}`, seed: `seed-${p[1] % 3}`, groups }));
      edges.push(edge(input.id, id));
      pops.push(extend(input, id, `g${i}`, 'string'));
    } else if (op === 'compute') {
      const col = at(numeric, step.picks[1]);
      // Some computes share the name `score` (always a number), so combines meet conflicts.
      const shared = p[2] % 3 === 0;
      const formula = shared
        ? `"${col}" / ${1 + (p[1] % 4)}`
        : at([`coalesce("${col}", 0) * 2 + 1`, `"${col}" / ${1 + (p[1] % 4)}`, `round("${col}" / 3, 2)`, `if("${col}" > ${p[1] % 50}, 1, 0)`], p[0]);
      const as = shared ? 'score' : `c${i}`;
      nodes.push(node(id, 'compute', { as, formula }));
      edges.push(edge(input.id, id));
      pops.push(extend(input, id, as, 'number'));
    } else if (op === 'aggregate') {
      const agg = at(AGGREGATES, p[0]);
      const config: Record<string, unknown> = { as: `a${i}`, fn: agg.fn, ...(agg.column ? { column: agg.column } : {}) };
      if (p[1] % 3 === 0) config.withinDays = at([0, 7, 30, 180], p[2]);
      if (p[1] % 4 === 1) config.where = { combinator: 'and', rules: [{ field: 'kind', operator: 'in', value: ['buy', 'cart'] }] };
      nodes.push(node(id, 'aggregate', config));
      edges.push(edge(input.id, id), edge('events', id, 'events'));
      pops.push(extend(input, id, `a${i}`, agg.type));
    } else if (op === 'rank') {
      const by = at(numeric, step.picks[1]);
      const ntile = p[0] % 2 === 1;
      const partitionBy = p[2] % 4 === 0 ? { partitionBy: 'country' } : {};
      const config = { as: `r${i}`, fn: ntile ? 'ntile' : 'percent_rank', by, descending: p[1] % 2 === 0, ...(ntile ? { buckets: 2 + (p[3] % 4) } : {}) };
      nodes.push(node(id, 'rank', input.columns.has('country') ? { ...config, ...partitionBy } : config));
      edges.push(edge(input.id, id));
      pops.push(extend(input, id, `r${i}`, ntile ? 'integer' : 'number'));
    } else if (op === 'lookup') {
      // Tiers by customer id, matched on both keys; a second lookup of `tier` says which wins.
      if (!lookupSource) nodes.push(node('tiers', 'source', { format: 'csv', path: 'tiers.csv', key: 'id' }));
      lookupSource = true;
      const conflict = p[0] % 2 ? 'keep_lookup' : 'keep_in';
      nodes.push(node(id, 'lookup', { fields: ['tier', 'points'], conflict }));
      edges.push(edge(input.id, id), edge('tiers', id, 'lookup'));
      const out: Population = { id, columns: new Map(input.columns), origins: new Map(input.origins) };
      for (const [name, type] of [['tier', 'string'], ['points', 'integer']] as const) {
        if (out.columns.has(name) && conflict === 'keep_in') continue;
        out.columns.set(name, type);
        out.origins.set(name, id);
      }
      pops.push(out);
    } else {
      const chosen = [...new Set(step.picks.slice(0, 2 + (p[0] % 2)).map((k) => at(pops, k)))];
      if (chosen.length < 2) chosen.push(pops.find((q) => !chosen.includes(q))!);
      if (op === 'exclude') {
        nodes.push(node(id, 'exclude'));
        edges.push(edge(chosen[0].id, id, 'in'), ...chosen.slice(1).map((m) => edge(m.id, id, 'minus')));
        pops.push({ ...chosen[0], id });
      } else {
        const columns = new Map<string, ColumnType>();
        const origins = new Map<string, string>();
        let conflicts = false;
        for (const c of chosen)
          for (const [n, t] of c.columns) {
            if (origins.has(n) && origins.get(n) !== c.origins.get(n)) conflicts = true;
            columns.set(n, t);
            origins.set(n, c.origins.get(n)!);
          }
        if (conflicts) for (const c of chosen) for (const n of c.columns.keys()) if (chosen.some((d) => d.origins.has(n) && d.origins.get(n) !== c.origins.get(n))) origins.set(n, id);
        const config: Record<string, unknown> = conflicts ? { conflict: p[1] % 2 ? 'first' : 'last' } : {};
        if (op === 'priority') {
          config.as = `w${i}`;
          columns.set(`w${i}`, 'string');
          origins.set(`w${i}`, id);
        }
        nodes.push(node(id, op, config));
        edges.push(...chosen.map((m) => edge(m.id, id)));
        pops.push({ id, columns, origins });
      }
    }
  });
  const outs = [...new Set([pops.length - 1, ...recipe.outputs.map((k) => k % pops.length)])];
  outs.forEach((k, j) => {
    // Some outputs pick a few columns (every other one, from an offset), the others write them all.
    const names = [...pops[k].columns.keys()];
    const fields = (recipe.outputs[j] ?? k) % 3 === 1 ? names.filter((_, i) => (i + j) % 2 === 0) : undefined;
    nodes.push(node(`out_${j}`, 'output', { segment: `seg_${j}`, destination: { type: 'csv', path: `out_${j}.csv` }, ...(fields ? { fields } : {}) }));
    edges.push(edge(pops[k].id, `out_${j}`));
  });
  return doc(nodes, edges);
}

/** A seeded generator, so the data is the same on every machine. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A small dirty dataset: duplicate and empty keys, null incomes, ties, events
 * of customers who have no profile and events after the as-of date 2022-06-30
 * (many of them close to it).
 */
export function tinyDataset(customers = 150, eventRows = 900, seed = 7): Record<string, string> {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const day = (from: string, span: number) => new Date(Date.parse(from) + Math.floor(rnd() * span) * 86_400_000).toISOString().slice(0, 10);
  const profile: string[] = ['id,age,income,country,signup,vip'];
  for (let id = 1; id <= customers; id++) {
    const income = rnd() < 0.1 ? '' : String(Math.round(rnd() * 100) * 1000 + (rnd() < 0.2 ? 0.5 : 0));
    profile.push(`${id},${18 + Math.floor(rnd() * 60)},${income},${pick(['FR', 'US', 'DE', 'JP', 'a%b'])},${day('2020-01-01', 1000)},${rnd() < 0.3}`);
  }
  profile.push(`5,99,1,FR,2020-01-01,true`, `9,98,2,US,2020-01-02,false`, `,50,3,DE,2021-01-01,true`);
  const ev: string[] = ['id,ts,amount,kind'];
  for (let i = 0; i < eventRows; i++) {
    const id = rnd() < 0.02 ? '' : String(1 + Math.floor(Math.pow(rnd(), 2) * (customers + 10)));
    // A third of the events fall in the weeks around the as-of date: windows' first and last days, and same-day sequences, get hit.
    const when = i % 3 === 0 ? day('2022-05-25', 42) : day('2021-01-01', 620);
    ev.push(`${id},${when},${(Math.round(rnd() * 20000) / 100).toFixed(2)},${pick(['view', 'cart', 'buy'])}`);
  }
  const tiers: string[] = ['id,tier,points'];
  for (let id = 1; id <= customers + 20; id += 1 + Math.floor(rnd() * 3)) tiers.push(`${id},${pick(['gold', 'silver', 'bronze'])},${rnd() < 0.1 ? '' : Math.floor(rnd() * 1000)}`);
  return { 'customers.csv': profile.join('\n'), 'events.csv': ev.join('\n'), 'tiers.csv': tiers.join('\n') };
}

export const RECIPE_SOURCES = {
  tiers: { ok: true as const, columns: [{ name: 'id', type: 'integer' as const, duckType: 'BIGINT' }, { name: 'tier', type: 'string' as const, duckType: 'VARCHAR' }, { name: 'points', type: 'integer' as const, duckType: 'BIGINT' }] },
  customers: { ok: true as const, columns: Object.entries(CUSTOMER_FILE_COLUMNS).map(([name, type]) => ({ name, type, duckType: type === 'integer' ? 'BIGINT' : type === 'number' ? 'DOUBLE' : type === 'date' ? 'DATE' : type === 'boolean' ? 'BOOLEAN' : 'VARCHAR' })) },
  events: { ok: true as const, columns: Object.entries(EVENT_FILE_COLUMNS).map(([name, type]) => ({ name, type, duckType: type === 'integer' ? 'BIGINT' : type === 'number' ? 'DOUBLE' : type === 'date' ? 'DATE' : 'VARCHAR' })) },
};
