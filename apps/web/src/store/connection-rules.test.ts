import { describe, expect, it } from 'vitest';
import { checkConnection } from './connection-rules.ts';

const node = (id: string, kind: string) => ({ id, data: { kind } });
const nodes = [node('people', 'source'), node('orders', 'events'), node('f1', 'filter'), node('f2', 'filter'), node('agg', 'aggregate'), node('both', 'intersect'), node('out', 'output')];
const edge = (source: string, target: string, targetHandle = 'in') => ({ source, target, targetHandle });

describe('checkConnection', () => {
  it('accepts customers into a filter', () => {
    expect(checkConnection(nodes, [], { source: 'people', target: 'f1', targetHandle: 'in' })).toEqual({ ok: true });
  });

  it('refuses events where customers are expected, saying why', () => {
    const check = checkConnection(nodes, [], { source: 'orders', target: 'f1', targetHandle: 'in' });
    expect(check).toMatchObject({ ok: false });
    expect(!check.ok && check.reason).toMatch(/expects customers, but Events gives events/);
  });

  it('accepts events on the aggregate’s events port only', () => {
    expect(checkConnection(nodes, [], { source: 'orders', target: 'agg', targetHandle: 'events' }).ok).toBe(true);
    expect(checkConnection(nodes, [], { source: 'people', target: 'agg', targetHandle: 'events' }).ok).toBe(false);
  });

  it('refuses a second edge into a one-edge port but not into a many port', () => {
    const edges = [edge('people', 'f1'), edge('f1', 'both')];
    expect(checkConnection(nodes, edges, { source: 'f2', target: 'f1', targetHandle: 'in' })).toMatchObject({ ok: false });
    expect(checkConnection(nodes, edges, { source: 'f2', target: 'both', targetHandle: 'in' }).ok).toBe(true);
  });

  it('refuses an edge that closes a cycle', () => {
    const edges = [edge('people', 'f1'), edge('f1', 'both'), edge('both', 'f2')];
    const check = checkConnection(nodes, edges, { source: 'f2', target: 'both', targetHandle: 'in' });
    expect(check).toMatchObject({ ok: false });
    expect(!check.ok && check.reason).toMatch(/loop/);
  });

  it('refuses self-edges, duplicates, edges out of an output and ports that do not exist', () => {
    expect(checkConnection(nodes, [], { source: 'f1', target: 'f1', targetHandle: 'in' }).ok).toBe(false);
    expect(checkConnection(nodes, [edge('f1', 'both')], { source: 'f1', target: 'both', targetHandle: 'in' }).ok).toBe(false);
    expect(checkConnection(nodes, [], { source: 'out', target: 'f1', targetHandle: 'in' }).ok).toBe(false);
    expect(checkConnection(nodes, [], { source: 'people', target: 'f1', targetHandle: 'minus' }).ok).toBe(false);
    expect(checkConnection(nodes, [], { source: 'people', target: 'nowhere', targetHandle: 'in' }).ok).toBe(false);
  });
});
