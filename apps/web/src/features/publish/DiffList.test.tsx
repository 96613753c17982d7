// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { diffDocuments } from '@segflow/contract';
import { DiffList } from './DiffList.tsx';

const node = (id: string, label: string, value: number) => ({ id, kind: 'filter', label, config: { condition: { combinator: 'and', rules: [{ field: 'spend', operator: '>', value }] } } });
const doc = (nodes: unknown[], edges: unknown[], name = 'w') => ({ schemaVersion: 1, name, nodes, edges });
const labels: Record<string, string> = { a: 'Customers', b: 'Big spenders', c: 'Gone quiet' };

afterEach(cleanup);

describe('DiffList', () => {
  it('reads the contract’s diff in the words of the canvas: steps by label, connections by their ends', () => {
    const before = doc([node('a', 'Customers', 0), node('b', 'Big spenders', 100)], [{ source: 'a', target: 'b' }]);
    const after = doc([node('a', 'Customers', 0), node('b', 'Big spenders', 200), node('c', 'Gone quiet', 1)], [{ source: 'a', target: 'c' }], 'w2');
    render(<DiffList diff={diffDocuments(before, after)} labelOf={(id) => labels[id] ?? id} />);
    const text = screen.getByTestId('diff-list').textContent;
    expect(text).toContain('+ step Gone quiet');
    expect(text).toContain('~ step Big spenders');
    expect(text).toContain('condition');
    expect(text).toContain('+ connection Customers → Gone quiet');
    expect(text).toContain('− connection Customers → Big spenders');
    expect(text).toContain('~ workflow settings');
  });

  it('says there is nothing to publish when only positions moved', () => {
    const before = doc([{ ...node('a', 'A', 0), position: { x: 0, y: 0 } }], []);
    const after = doc([{ ...node('a', 'A', 0), position: { x: 50, y: 0 } }], []);
    render(<DiffList diff={diffDocuments(before, after)} labelOf={(id) => id} />);
    expect(screen.getByText('No changes to the steps or connections.')).toBeTruthy();
  });
});
