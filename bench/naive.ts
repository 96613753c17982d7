import { parseFormula, type WorkflowInput } from '../packages/engine/src/node.ts';
import { dayOf, dayOfDate, type NaiveRows, type Row } from './naive-load.ts';

type FormulaNode = Extract<ReturnType<typeof parseFormula>, { ok: true }>['ast'];

/**
 * The naive way: what a generic item-based workflow tool does. Every node is
 * one pass over an array of row objects, making a new array (and new objects
 * where it adds a column); per-key aggregates go through a Map. It follows the
 * spec's semantics for exactly the node configs the reference workflow uses
 * (and throws on anything else), written as well as such an evaluator can be:
 * conditions and formulas are turned into closures once per node, not
 * re-interpreted per row, and sums of decimals run on scaled integers so they
 * are exact, as the spec demands.
 */
export function evaluateNaive(document: WorkflowInput, data: NaiveRows, asOf: string): Record<string, number[]> {
  const asOfDay = dayOfDate(asOf);
  const edges = (document.edges ?? []).map((e) => ({ ...e, targetPort: e.targetPort ?? 'in' }));
  const results = new Map<string, Row[]>();
  const keys = new Map<string, string>();
  const timestamps = new Map<string, string>();
  const segments: Record<string, number[]> = {};
  const inputs = (id: string, port = 'in') => edges.filter((e) => e.target === id && e.targetPort === port).map((e) => e.source);
  const rowsOf = (id: string) => results.get(id)!;

  for (const node of topologicalOrder(document)) {
    const config = (node.config ?? {}) as Record<string, any>;
    const [first] = inputs(node.id);
    const key = keys.get(first) ?? '';
    keys.set(node.id, key);
    switch (node.kind) {
      case 'source':
      case 'events': {
        keys.set(node.id, config.key);
        if (node.kind === 'events') timestamps.set(node.id, config.timestamp);
        const raw = node.kind === 'source' ? data.customers : data.events;
        results.set(node.id, node.kind === 'source' ? firstPerKey(raw, config.key) : raw.filter((r) => !missing(r[config.key])));
        break;
      }
      case 'filter': {
        const test = compileCondition(config.condition, asOfDay);
        results.set(node.id, rowsOf(first).filter(test));
        break;
      }
      case 'aggregate': {
        const [events] = inputs(node.id, 'events');
        const perKey = aggregateEvents(rowsOf(events), keys.get(events)!, timestamps.get(events)!, config, data.decimalScale, asOfDay);
        const none = config.fn === 'count' || config.fn === 'sum' ? 0 : null;
        results.set(node.id, rowsOf(first).map((r) => ({ ...r, [config.as]: perKey.get(r[key]) ?? none })));
        break;
      }
      case 'compute': {
        const formula = compileFormula(config.formula);
        results.set(node.id, rowsOf(first).map((r) => ({ ...r, [config.as]: formula(r) })));
        break;
      }
      case 'rank':
        results.set(node.id, percentRank(rowsOf(first), config));
        break;
      case 'intersect':
      case 'union':
        results.set(node.id, combine(inputs(node.id).map(rowsOf), key, node.kind));
        break;
      case 'exclude': {
        const minus = inputs(node.id, 'minus').map((id) => new Set(rowsOf(id).map((r) => r[key])));
        results.set(node.id, rowsOf(first).filter((r) => !minus.some((m) => m.has(r[key]))));
        break;
      }
      case 'output': {
        const fields: string[] = [key, ...(config.fields ?? []).filter((f: string) => f !== key)];
        const projected = config.fields ? rowsOf(first).map((r) => Object.fromEntries(fields.map((f) => [f, r[f]]))) : rowsOf(first);
        segments[config.segment] = projected.map((r) => r[key] as number).sort((a, b) => a - b);
        break;
      }
      default:
        throw new Error(`naive evaluator: no ${node.kind} nodes`);
    }
  }
  return segments;
}

type Node = WorkflowInput['nodes'][number];

function topologicalOrder(document: WorkflowInput): Node[] {
  const edges = document.edges ?? [];
  const indegree = new Map(document.nodes.map((n) => [n.id, 0]));
  for (const e of edges) indegree.set(e.target, indegree.get(e.target)! + 1);
  const ready = document.nodes.filter((n) => indegree.get(n.id) === 0);
  const order: Node[] = [];
  while (ready.length) {
    const node = ready.shift()!;
    order.push(node);
    for (const e of edges.filter((x) => x.source === node.id)) {
      indegree.set(e.target, indegree.get(e.target)! - 1);
      if (indegree.get(e.target) === 0) ready.push(document.nodes.find((n) => n.id === e.target)!);
    }
  }
  return order;
}

const missing = (v: unknown) => v === null || v === undefined || String(v).trim() === '';

/** Drops rows without a key; of rows sharing a key the first in the file wins. */
function firstPerKey(rows: Row[], key: string): Row[] {
  const seen = new Set<unknown>();
  return rows.filter((r) => {
    const k = r[key];
    if (missing(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type Test = (row: Row) => boolean;

/** A condition tree as a closure. A rule on a null field is false; a group's `not` negates its result. */
function compileCondition(group: any, asOfDay: number): Test {
  const parts: Test[] = group.rules.map((r: any) => ('rules' in r ? compileCondition(r, asOfDay) : compileRule(r, asOfDay)));
  const body: Test = parts.length === 0 ? () => true
    : group.combinator === 'or' ? (row) => parts.some((p) => p(row)) : (row) => parts.every((p) => p(row));
  return group.not ? (row) => !body(row) : body;
}

function compileRule({ field, operator, value }: { field: string; operator: string; value: any }, asOfDay: number): Test {
  const known = (test: (v: any) => boolean): Test => (row) => {
    const v = row[field];
    return v !== null && v !== undefined && test(v);
  };
  switch (operator) {
    case 'null': return (row) => row[field] === null || row[field] === undefined;
    case 'notNull': return (row) => row[field] !== null && row[field] !== undefined;
    case '=': return known((v) => v === value);
    case '!=': return known((v) => v !== value);
    case '<': return known((v) => v < value);
    case '<=': return known((v) => v <= value);
    case '>': return known((v) => v > value);
    case '>=': return known((v) => v >= value);
    case 'in': { const set = new Set(value); return known((v) => set.has(v)); }
    case 'notIn': { const set = new Set(value); return known((v) => !set.has(v)); }
    case 'withinLastDays': return known((v) => dayOf(v) >= asOfDay - value && dayOf(v) <= asOfDay);
    default: throw new Error(`naive evaluator: no ${operator} rules`);
  }
}

interface Accumulator { value: number; n: number }

/** One pass over the events: the aggregate per key, of the events at or before as-of (and in the window). */
function aggregateEvents(events: Row[], key: string, time: string, config: Record<string, any>, decimalScale: Record<string, number>, asOfDay: number): Map<unknown, number> {
  const where = config.where ? compileCondition(config.where, asOfDay) : () => true;
  const from = config.withinDays === undefined ? -Infinity : asOfDay - config.withinDays;
  const scale = 10 ** (decimalScale[config.column] ?? 0);
  const acc = new Map<unknown, Accumulator>();
  for (const e of events) {
    const day = dayOf(e[time] as number);
    if (day > asOfDay || day < from || !where(e)) continue;
    const k = e[key];
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { value: config.fn === 'days_since_last' ? -Infinity : 0, n: 0 }));
    switch (config.fn) {
      case 'count': a.value++; break;
      case 'sum': {
        const v = e[config.column] as number | null;
        if (v !== null) { a.value += Math.round(v * scale); a.n++; }
        break;
      }
      case 'days_since_last': if (day > a.value) a.value = day; break;
      default: throw new Error(`naive evaluator: no ${config.fn} aggregates`);
    }
  }
  const out = new Map<unknown, number>();
  for (const [k, a] of acc) {
    if (config.fn === 'count') out.set(k, a.value);
    else if (config.fn === 'sum') { if (a.n) out.set(k, a.value / scale); }
    else out.set(k, asOfDay - a.value);
  }
  return out;
}

/** A formula as a closure over a row; `/` by zero or null gives null, as in SQL. */
function compileFormula(text: string): (row: Row) => number | null {
  const parsed = parseFormula(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const build = (n: FormulaNode): ((row: Row) => number | null) => {
    switch (n.kind) {
      case 'number': return () => n.value;
      case 'column': return (row) => (row[n.name] ?? null) as number | null;
      case 'binary': {
        const [l, r] = [build(n.left), build(n.right)];
        if (n.op !== '/') throw new Error(`naive evaluator: no ${n.op} in formulas`);
        return (row) => {
          const a = l(row);
          const b = r(row);
          return a === null || b === null || b === 0 ? null : a / b;
        };
      }
      case 'call': {
        if (n.name.toLowerCase() !== 'round' || n.args[1]?.kind !== 'number') throw new Error(`naive evaluator: no ${n.name}() in formulas`);
        const x = build(n.args[0]);
        const m = 10 ** n.args[1].value;
        return (row) => {
          const v = x(row);
          return v === null ? null : Math.sign(v) * Math.round(Math.abs(v) * m) / m;
        };
      }
      default: throw new Error(`naive evaluator: no ${n.kind} in formulas`);
    }
  };
  return build(parsed.ast);
}

/** PERCENT_RANK: (r − 1) / (n − 1) over the non-null values, ties sharing the lowest r. */
function percentRank(rows: Row[], config: Record<string, any>): Row[] {
  if (config.fn !== 'percent_rank' || config.partitionBy) throw new Error('naive evaluator: only percent_rank over everyone');
  const by = config.by as string;
  const sign = config.descending ? -1 : 1;
  const ranked = rows.filter((r) => r[by] !== null && r[by] !== undefined).sort((a, b) => sign * ((a[by] as number) - (b[by] as number)));
  const rank = new Map<Row, number>();
  const n = ranked.length;
  ranked.forEach((row, i) => {
    const tied = i > 0 && ranked[i - 1][by] === row[by];
    rank.set(row, tied ? rank.get(ranked[i - 1])! : n > 1 ? i / (n - 1) : 0);
  });
  return rows.map((r) => ({ ...r, [config.as]: rank.get(r) ?? null }));
}

/** Intersect or union; a column's value comes from the first input holding the key. */
function combine(inputs: Row[][], key: string, kind: 'intersect' | 'union'): Row[] {
  const byKey = inputs.map((rows) => new Map(rows.map((r) => [r[key], r])));
  const candidates = kind === 'intersect' ? inputs[0].map((r) => r[key]) : [...new Set(inputs.flatMap((rows) => rows.map((r) => r[key])))];
  const out: Row[] = [];
  for (const k of candidates) {
    const held = byKey.map((m) => m.get(k));
    if (kind === 'intersect' && held.some((r) => !r)) continue;
    out.push(Object.assign({}, ...held.filter(Boolean).reverse()));
  }
  return out;
}
