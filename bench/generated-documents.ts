import type { WorkflowInput } from '../packages/engine/src/node.ts';

type NodeInput = WorkflowInput['nodes'][number];
type EdgeInput = NonNullable<WorkflowInput['edges']>[number];

const ingestion: NodeInput[] = [
  { id: 'customers', kind: 'source', config: { format: 'parquet', path: 'customers.parquet', key: 'customer_id' } },
  { id: 'events', kind: 'events', config: { format: 'parquet', path: 'events.parquet', key: 'customer_id', timestamp: 'event_time' } },
];

const rules = (...rules: { field: string; operator: string; value?: unknown }[]) => ({ condition: { combinator: 'and', rules } });

/**
 * A valid document of exactly `size` nodes (at least 12) for timing validation
 * (`variant` changes a number in nearly every node's settings, so two variants
 * share almost no config a cache could know):
 * two sources and blocks of ten nodes (two aggregates, a formula, a rank,
 * filters, intersect, union, exclude, an output). Every fifth block starts
 * from the customers, the others from the previous block, so columns pile up
 * along chains five blocks deep as they do in real documents. Leftover nodes
 * become extra filters feeding the last output's input.
 */
export function generatedDocument(size: number, variant = 0): WorkflowInput {
  const nodes: NodeInput[] = [...ingestion];
  const edges: EdgeInput[] = [];
  const link = (source: string, target: string, targetPort = 'in') => edges.push({ source, target, targetPort });
  const blocks = Math.floor((size - 2) / 10);
  let previous = 'customers';
  for (let b = 0; b < blocks; b++) {
    const start = b % 5 === 0 ? 'customers' : previous;
    const id = (name: string) => `b${b}_${name}`;
    nodes.push(
      { id: id('spend'), kind: 'aggregate', config: { as: id('spend'), fn: 'sum', column: 'amount', withinDays: 30 + b + variant, where: { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'purchase' }] } } },
      { id: id('visits'), kind: 'aggregate', config: { as: id('visits'), fn: 'count', withinDays: 7 } },
      { id: id('score'), kind: 'compute', config: { as: id('score'), formula: `round(${id('spend')} / (${id('visits')} + ${1 + variant}), 2)` } },
      { id: id('rank'), kind: 'rank', config: { as: id('rank'), fn: 'percent_rank', by: id('score'), descending: true } },
      { id: id('top'), kind: 'filter', config: rules({ field: id('rank'), operator: '<=', value: 0.2 + variant / 1e6 }) },
      { id: id('opted'), kind: 'filter', config: rules({ field: 'email_opt_in', operator: '=', value: true }, { field: 'country', operator: 'in', value: ['US', 'DE', `X${variant}`] }) },
      { id: id('both'), kind: 'intersect', config: {} },
      { id: id('either'), kind: 'union', config: {} },
      { id: id('final'), kind: 'exclude', config: {} },
      { id: id('out'), kind: 'output', config: { segment: id('segment'), destination: { type: 'csv', path: `${id('segment')}-${variant}.csv` } } },
    );
    link(start, id('spend')); link('events', id('spend'), 'events');
    link(id('spend'), id('visits')); link('events', id('visits'), 'events');
    link(id('visits'), id('score')); link(id('score'), id('rank')); link(id('rank'), id('top'));
    link(start, id('opted'));
    link(id('top'), id('both')); link(id('opted'), id('both'));
    link(id('both'), id('either')); link(id('opted'), id('either'));
    link(id('either'), id('final')); link(id('top'), id('final'), 'minus');
    link(id('final'), id('out'));
    previous = id('top');
  }
  const last = nodes[nodes.length - 1].id;
  const feeding = edges.find((e) => e.target === last)!;
  for (let i = nodes.length; i < size; i++) {
    const id = `extra_${i}`;
    nodes.push({ id, kind: 'filter', config: rules({ field: 'plan', operator: '!=', value: `free${variant || ''}` }) });
    link(feeding.source, id);
    feeding.source = id;
  }
  return { schemaVersion: 1, name: `Generated, ${size} nodes`, nodes, edges };
}

/**
 * `diamonds` diamonds in a chain: each splits into two filters and joins them
 * again with a union. There are 2^diamonds paths from the source to the
 * output, so a validator walking paths instead of nodes never finishes.
 */
export function diamondChain(diamonds: number): WorkflowInput {
  const nodes: NodeInput[] = [ingestion[0]];
  const edges: EdgeInput[] = [];
  let previous = 'customers';
  for (let d = 0; d < diamonds; d++) {
    nodes.push(
      { id: `d${d}_left`, kind: 'filter', config: rules({ field: 'credit_score', operator: '>', value: 300 + d }) },
      { id: `d${d}_right`, kind: 'filter', config: rules({ field: 'plan', operator: '!=', value: 'free' }) },
      { id: `d${d}_join`, kind: 'union', config: {} },
    );
    edges.push(
      { source: previous, target: `d${d}_left` }, { source: previous, target: `d${d}_right` },
      { source: `d${d}_left`, target: `d${d}_join` }, { source: `d${d}_right`, target: `d${d}_join` },
    );
    previous = `d${d}_join`;
  }
  nodes.push({ id: 'out', kind: 'output', config: { segment: 'diamonds', destination: { type: 'csv', path: 'diamonds.csv' } } });
  edges.push({ source: previous, target: 'out' });
  return { schemaVersion: 1, name: `Chain of ${diamonds} diamonds`, nodes, edges };
}

/**
 * The document after one edit in the inspector: the `edit`-th top-spender
 * filter (cycling) gets a new threshold in a new config object; every other
 * node object stays the same, as in the editor's store.
 */
export function withOneEdit(document: WorkflowInput, edit: number): WorkflowInput {
  const filters = document.nodes.flatMap((n, i) => (n.id.endsWith('_top') ? [i] : []));
  const at = filters[Math.abs(edit) % filters.length];
  const nodes = [...document.nodes];
  nodes[at] = { ...nodes[at], config: rules({ field: nodes[at].id.replace(/_top$/, '_rank'), operator: '<=', value: 0.1 + (Math.abs(edit) % 1000) / 10_000 }) };
  return { ...document, nodes };
}
