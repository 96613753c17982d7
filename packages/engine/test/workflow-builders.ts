import type { ColumnType } from '../src/model/column.ts';
import type { SourceFacts } from '../src/nodes/source-facts.ts';

/**
 * Tiny builders for inline test graphs: a document reads like the picture of
 * its graph, and source columns come without files.
 */
export interface NodeSpec {
  id: string;
  kind: string;
  config?: Record<string, unknown>;
}
export interface EdgeSpec {
  id?: string;
  source: string;
  target: string;
  targetPort?: string;
}

export const node = (id: string, kind: string, config: Record<string, unknown> = {}): NodeSpec => ({ id, kind, config });

/** `edge('a', 'b')`, `edge('ev', 'agg', 'events')`. */
export const edge = (source: string, target: string, targetPort?: string, id?: string): EdgeSpec => ({
  ...(id ? { id } : {}),
  source,
  target,
  ...(targetPort ? { targetPort } : {}),
});

/** `chain('a', 'b', 'c')`: edges a→b→c on port `in`. */
export const chain = (...ids: string[]): EdgeSpec[] => ids.slice(1).map((id, i) => edge(ids[i], id));

export const doc = (nodes: NodeSpec[], edges: EdgeSpec[] = [], extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1 as const,
  name: 'test',
  nodes,
  edges,
  ...extra,
});

export const source = (id: string, config: Record<string, unknown> = {}) =>
  node(id, 'source', { format: 'csv', path: `${id}.csv`, key: 'id', ...config });

export const events = (id: string, config: Record<string, unknown> = {}) =>
  node(id, 'events', { format: 'csv', path: `${id}.csv`, key: 'id', timestamp: 'ts', ...config });

export const rule = (field: string, operator: string, value?: unknown) => (value === undefined ? { field, operator } : { field, operator, value });

export const filter = (id: string, ...rules: ReturnType<typeof rule>[]) => node(id, 'filter', { condition: { combinator: 'and', rules } });

export const compute = (id: string, as: string, formula: string) => node(id, 'compute', { as, formula });

export const output = (id: string, config: Record<string, unknown> = {}) =>
  node(id, 'output', { segment: id, destination: { type: 'json', path: `${id}.json` }, ...config });

const DUCK_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP',
};

/** Source facts as if a file held these columns: `facts({ id: 'integer', name: 'string' })`. */
export const facts = (columns: Record<string, ColumnType>): SourceFacts => ({
  ok: true,
  columns: Object.entries(columns).map(([name, type]) => ({ name, type, duckType: DUCK_TYPE[type] })),
});

/** Customers: an integer key and one column of each type. */
export const CUSTOMER_COLUMNS = {
  id: 'integer', name: 'string', income: 'number', kids: 'integer', vip: 'boolean', signup: 'date', seen: 'timestamp',
} as const satisfies Record<string, ColumnType>;

/** Events keyed like the customers, with a timestamp. */
export const EVENT_COLUMNS = { id: 'integer', ts: 'timestamp', amount: 'number', qty: 'integer', category: 'string' } as const satisfies Record<string, ColumnType>;
