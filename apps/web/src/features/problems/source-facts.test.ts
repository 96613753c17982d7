import type { WorkflowInput } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { sourceFactsFor } from './source-facts.ts';

const doc: WorkflowInput = {
  schemaVersion: 1,
  nodes: [
    { id: 'people', kind: 'source', config: { format: 'csv', path: 'people.csv', key: 'id', columns: { joined: { type: 'date' } } } },
    { id: 'ghost', kind: 'source', config: { format: 'csv', path: 'missing.csv', key: 'id' } },
    { id: 'f', kind: 'filter', config: {} },
  ],
};
const datasets = [{ name: 'people.csv', columns: [{ name: 'id', type: 'integer' as const }, { name: 'joined', type: 'string' as const }] }];

describe('sourceFactsFor', () => {
  it('gives each source its dataset’s columns with the node’s type overrides', () => {
    const facts = sourceFactsFor(doc, datasets);
    expect(facts.people).toEqual({ ok: true, columns: [{ name: 'id', type: 'integer', duckType: '' }, { name: 'joined', type: 'date', duckType: '' }] });
  });

  it('reports a missing dataset and leaves other kinds alone', () => {
    const facts = sourceFactsFor(doc, datasets);
    expect(facts.ghost).toMatchObject({ ok: false });
    expect(facts.f).toBeUndefined();
  });

  it('knows nothing while the dataset list is loading', () => {
    expect(sourceFactsFor(doc, undefined)).toEqual({});
  });

  it('gives a warehouse source its table\'s columns from the connection\'s table list, unknown while that list loads', () => {
    const warehouse: WorkflowInput = {
      schemaVersion: 1,
      nodes: [
        { id: 'crm', kind: 'source', config: { format: 'postgres', connection: 'dw', table: 'customers', key: 'id', columns: { code: { type: 'integer' } } } },
        { id: 'orders', kind: 'events', config: { format: 'postgres', connection: 'dw', table: 'shop.orders', key: 'id', timestamp: 'at' } },
        { id: 'gone', kind: 'source', config: { format: 'postgres', connection: 'dw', table: 'shop.gone', key: 'id' } },
        { id: 'other', kind: 'source', config: { format: 'postgres', connection: 'lake', table: 'x', key: 'id' } },
      ],
    };
    const tables = { dw: [
      { name: 'public.customers', kind: 'table' as const, columns: [{ name: 'id', type: 'integer' as const }, { name: 'code', type: 'string' as const }] },
      { name: 'shop.orders', kind: 'view' as const, columns: [{ name: 'id', type: 'integer' as const }, { name: 'at', type: 'timestamp' as const }] },
    ] };
    const facts = sourceFactsFor(warehouse, undefined, tables);
    expect(facts.crm).toEqual({ ok: true, columns: [{ name: 'id', type: 'integer', duckType: '' }, { name: 'code', type: 'integer', duckType: '' }] });
    expect(facts.orders).toMatchObject({ ok: true, columns: [{ name: 'id' }, { name: 'at', type: 'timestamp' }] });
    expect(facts.gone).toEqual({ ok: false, message: 'there is no table "shop.gone" in the connection "dw" (or this connection\'s user cannot read it).' });
    expect(facts.other).toBeUndefined();
  });
});
