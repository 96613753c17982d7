import { describe, expect, it } from 'vitest';
import { deleteWarning } from './delete-warning.ts';
import type { EditorEdge, EditorNode } from './editor-types.ts';

const node = (id: string, label: string, selected = false): EditorNode => ({ id, type: 'segflow', position: { x: 0, y: 0 }, selected, data: { kind: 'filter', label, config: {} } });
const edge = (source: string, target: string): EditorEdge => ({ id: `${source}-${target}`, source, target, type: 'count' });

describe('deleteWarning', () => {
  it('names the step and every step that uses it', () => {
    const nodes = [node('spend', 'Spend, 365 days', true), node('vip', 'VIP'), node('lapsed', 'Lapsed')];
    const warning = deleteWarning(nodes, [edge('spend', 'vip'), edge('spend', 'lapsed')]);
    expect(warning?.message).toBe("'Spend, 365 days' is used by 'VIP' and 'Lapsed'. Delete it?");
    expect(warning?.dependants).toEqual(['vip', 'lapsed']);
  });

  it('says nothing when what uses the step is deleted with it', () => {
    const nodes = [node('spend', 'Spend', true), node('vip', 'VIP', true)];
    expect(deleteWarning(nodes, [edge('spend', 'vip')])).toBeNull();
  });

  it('speaks of several steps in the plural', () => {
    const nodes = [node('a', 'A', true), node('b', 'B', true), node('c', 'C'), node('d', 'D'), node('e', 'E')];
    const warning = deleteWarning(nodes, [edge('a', 'c'), edge('b', 'd'), edge('b', 'e')]);
    expect(warning?.message).toBe("'A' and 'B' are used by 'C', 'D' and 'E'. Delete them?");
  });
});
