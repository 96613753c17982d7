import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Column, Schema } from '../model/column.ts';
import { combineColumns, inferCombine } from './combine.ts';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny } from '../../test/tiny-run.ts';
import { compute, doc, edge, facts, filter, node, output, rule, source, type EdgeSpec, type NodeSpec } from '../../test/workflow-builders.ts';

const FILES = { 'c.csv': 'id,v\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6' };
const SOURCES = { c: facts({ id: 'integer', v: 'integer' }) };

/** c → low (v ≤ 3) and c → high (v ≥ 3), each tagging its rows; both into `kind`. */
function twoBranches(kind: string, config: Record<string, unknown>, tags: [string, string], extra: { nodes?: NodeSpec[]; edges?: EdgeSpec[] } = {}) {
  return doc(
    [
      source('c'), filter('low', rule('v', '<=', 3)), filter('high', rule('v', '>=', 3)),
      compute('tag_low', tags[0], "'one'"), compute('tag_high', tags[1], "'two'"),
      node('x', kind, config), output('out'), ...(extra.nodes ?? []),
    ],
    [
      edge('c', 'low'), edge('c', 'high'), edge('low', 'tag_low'), edge('high', 'tag_high'),
      ...(extra.edges ?? [edge('tag_low', 'x'), edge('tag_high', 'x')]), edge('x', 'out'),
    ],
  );
}

describe('intersect and union: type inference', () => {
  it('outputs every input\'s columns, the shared source column once', () => {
    const analysis = analyzeWorkflow(twoBranches('union', {}, ['a', 'b']), { sources: SOURCES });
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('x')!.columns.map((c) => [c.name, c.origin])).toEqual([['id', 'c'], ['v', 'c'], ['a', 'tag_low'], ['b', 'tag_high']]);
  });

  it('makes a resolved column the combine node\'s own', () => {
    const analysis = analyzeWorkflow(twoBranches('intersect', { conflict: 'last' }, ['tag', 'tag']), { sources: SOURCES });
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('x')!.columns.map((c) => c.name)).toEqual(['id', 'v', 'tag']);
  });

  it('reports keys of different types', () => {
    const problems = analyzeWorkflow(
      doc([source('c'), source('d'), node('u', 'union'), output('out')], [edge('c', 'u'), edge('d', 'u'), edge('u', 'out')]),
      { sources: { c: facts({ id: 'integer' }), d: facts({ id: 'string' }) } },
    ).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'type_mismatch', nodeId: 'u' })]);
  });
});

describe('intersect', () => {
  it.each(MODES)('keeps the customers in every input (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(twoBranches('intersect', {}, ['a', 'b']), FILES, { mode, partitions });
    expect(run.rows('out')).toEqual([{ id: 3, v: 3, a: 'one', b: 'two' }]);
  });

  it('takes a conflicting column from the first input by default order, or the last with conflict last', async () => {
    const first = await runTiny(twoBranches('intersect', { conflict: 'first' }, ['tag', 'tag']), FILES);
    expect(first.rows('out')).toEqual([{ id: 3, v: 3, tag: 'one' }]);
    const last = await runTiny(twoBranches('intersect', { conflict: 'last' }, ['tag', 'tag']), FILES);
    expect(last.rows('out')).toEqual([{ id: 3, v: 3, tag: 'two' }]);
  });

  it('orders inputs by the edges in the document', async () => {
    const swapped = twoBranches('intersect', { conflict: 'first' }, ['tag', 'tag'], { edges: [edge('tag_high', 'x'), edge('tag_low', 'x')] });
    expect((await runTiny(swapped, FILES)).rows('out')).toEqual([{ id: 3, v: 3, tag: 'two' }]);
  });

  it('intersects three inputs', async () => {
    const document = twoBranches('intersect', {}, ['a', 'b'], {
      nodes: [filter('odd', rule('v', 'in', [1, 3, 5]))],
      edges: [edge('c', 'odd'), edge('tag_low', 'x'), edge('odd', 'x'), edge('tag_high', 'x')],
    });
    expect((await runTiny(document, FILES)).rows('out').map((r) => r.id)).toEqual([3]);
  });
});

describe('union', () => {
  it.each(MODES)('keeps customers in any input, with nulls in the columns only an absent input brings (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(twoBranches('union', {}, ['a', 'b']), FILES, { mode, partitions });
    expect(run.rows('out')).toEqual([
      { id: 1, v: 1, a: 'one', b: null },
      { id: 2, v: 2, a: 'one', b: null },
      { id: 3, v: 3, a: 'one', b: 'two' },
      { id: 4, v: 4, a: null, b: 'two' },
      { id: 5, v: 5, a: null, b: 'two' },
      { id: 6, v: 6, a: null, b: 'two' },
    ]);
  });

  it('resolves a conflict by the first or the last input holding the customer', async () => {
    const first = await runTiny(twoBranches('union', { conflict: 'first' }, ['tag', 'tag']), FILES);
    expect(first.byKey('out', 'tag')).toEqual({ 1: 'one', 2: 'one', 3: 'one', 4: 'two', 5: 'two', 6: 'two' });
    const last = await runTiny(twoBranches('union', { conflict: 'last' }, ['tag', 'tag']), FILES);
    expect(last.byKey('out', 'tag')).toEqual({ 1: 'one', 2: 'one', 3: 'two', 4: 'two', 5: 'two', 6: 'two' });
  });

  it('keeps a column\'s null value from the first input rather than looking further (last-write-wins by input, not by value)', async () => {
    // low tags with null; with conflict first, customer 3 keeps low's null.
    const document = twoBranches('union', { conflict: 'first' }, ['tag', 'tag']);
    (document.nodes.find((n) => n.id === 'tag_low')!.config as Record<string, unknown>).formula = "if(v > 100, 'never', null)";
    const run = await runTiny(document, FILES);
    expect(run.byKey('out', 'tag')).toEqual({ 1: null, 2: null, 3: null, 4: 'two', 5: 'two', 6: 'two' });
  });

  it('does not double a customer reached along two paths', async () => {
    const document = doc(
      [source('c'), filter('a', rule('v', '>', 0)), filter('b', rule('v', '>', 2)), node('u', 'union'), output('out')],
      [edge('c', 'a'), edge('c', 'b'), edge('a', 'u'), edge('b', 'u'), edge('u', 'out')],
    );
    expect((await runTiny(document, FILES)).rows('out').map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('exclude', () => {
  it.each(MODES)('keeps customers of the first input found in none of the others (%s, %i)', async (mode, partitions) => {
    const document = doc(
      [source('c'), filter('low', rule('v', '<=', 2)), filter('six', rule('v', '=', 6)), compute('k', 'twice', 'v * 2'), node('x', 'exclude'), output('out')],
      [edge('c', 'k'), edge('c', 'low'), edge('c', 'six'), edge('k', 'x'), edge('low', 'x', 'minus'), edge('six', 'x', 'minus'), edge('x', 'out')],
    );
    const run = await runTiny(document, FILES, { mode, partitions });
    // Only the kept input's columns come out.
    expect(run.rows('out')).toEqual([{ id: 3, v: 3, twice: 6 }, { id: 4, v: 4, twice: 8 }, { id: 5, v: 5, twice: 10 }]);
  });

  it('outputs the kept input\'s schema', () => {
    const analysis = analyzeWorkflow(
      doc([source('c'), compute('k', 'extra', 'v + 1'), node('x', 'exclude'), output('out')],
        [edge('c', 'x'), edge('c', 'k'), edge('k', 'x', 'minus'), edge('x', 'out')]),
      { sources: SOURCES },
    );
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('x')!.columns.map((c) => c.name)).toEqual(['id', 'v']);
  });
});

describe('intersect and union: the columns inference sees', () => {
  // Names, origins and types drawn from small sets, so columns meet, clash and repeat.
  const column = fc.record({ name: fc.constantFrom('id', 'k', 'a', 'b', 'c'), type: fc.constantFrom('integer', 'number', 'string'), origin: fc.constantFrom('n1', 'n2', 'n3') });
  const schema = fc.record({ key: fc.constantFrom('id', 'k'), columns: fc.array(column, { maxLength: 6 }) }).map(({ key, columns }) => ({
    kind: 'population' as const, key, columns: [{ name: key, type: 'integer' as const, origin: 'src' }, ...columns] as Column[],
  }));

  it('are the columns and problems of the combined columns compile reads, on random inputs', () => {
    fc.assert(
      fc.property(fc.array(schema, { minLength: 2, maxLength: 4 }), fc.constantFrom(undefined, 'first', 'last', 'error'), (inputs: Schema[], conflict) => {
        const inferred = inferCombine({ nodeId: 'x', config: { conflict } as never, inputs: { in: inputs } });
        const combined = combineColumns(inputs, 'x', conflict as never);
        expect(inferred.schema!.columns).toEqual(combined.columns.map((c) => c.column));
        expect(inferred.problems.slice(inferred.problems.length - combined.problems.length)).toEqual(combined.problems);
      }),
      { numRuns: 2000 },
    );
  });
});
