import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWorkflow, parseWorkflowWithZod } from './parse-workflow.ts';

/** Values a field might hold in a document someone wrote by hand, or a program got wrong. */
const odd = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constantFrom(Infinity, NaN, -0),
  fc.string({ maxLength: 3 }), fc.constantFrom('', 'in', 'events', 'a b', 'é', 'x'.repeat(64), 'x'.repeat(65)), fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('x', 'y', 'z'), fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 2 })), { maxKeys: 3 }),
);
const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), fc.constantFrom('a'.repeat(64), 'a'.repeat(65), 'has space', ''));
const text = (max: number) => fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1)));

/** A key left out, or holding a likely value, or an odd one. */
const field = <T>(likely: fc.Arbitrary<T>) => fc.option(fc.oneof({ arbitrary: likely, weight: 4 }, { arbitrary: odd, weight: 1 }), { nil: Symbol.for('absent') as never });

const withoutAbsent = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== Symbol.for('absent')));

const nodeArb = fc.record({
  id: field(id), kind: field(fc.constantFrom('filter', 'source', 'k'.repeat(65), '')), label: field(text(200)),
  position: field(fc.record({ x: fc.oneof(fc.integer(), fc.double()), y: fc.oneof(fc.integer(), odd) })),
  config: field(fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }))),
  retry: field(fc.record({ attempts: fc.integer({ min: 0, max: 11 }) }, { requiredKeys: [] })),
  extra: field(fc.string({ maxLength: 2 })),
}).map(withoutAbsent);

const edgeArb = fc.record({
  id: field(text(64)), source: field(id), target: field(id), targetPort: field(fc.constantFrom('in', 'events', 'minus', '')), extra: field(fc.integer()),
}).map(withoutAbsent);

const documentArb = fc.record({
  schemaVersion: field(fc.constant(1)),
  name: field(text(200)),
  nodes: fc.oneof({ arbitrary: fc.array(fc.oneof(nodeArb, odd), { maxLength: 6 }), weight: 8 }, { arbitrary: odd, weight: 1 }),
  edges: field(fc.array(fc.oneof(edgeArb, odd), { maxLength: 6 })),
  run: fc.option(fc.record({ mode: fc.constantFrom('lean', 'nope'), asOf: fc.constantFrom('2024-02-30', '2024-02-03') }, { requiredKeys: [] }), { nil: Symbol.for('absent') as never, freq: 4 }),
  description: field(fc.string({ maxLength: 3 })),
}).map(withoutAbsent);

describe('reading nodes and edges by hand', () => {
  it('gives exactly what zod gives, problems and parsed document alike, on random documents', () => {
    fc.assert(
      fc.property(documentArb, (document) => {
        const fast = parseWorkflow(document);
        const zod = parseWorkflowWithZod(document);
        expect(fast).toStrictEqual(zod);
        // Key order too: a parsed document is written out again as JSON.
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('reads every place of a list with holes, as zod does', () => {
    const nodes = [{ id: 'a', kind: 'filter' }];
    nodes[2] = { id: 'b', kind: 'filter' };
    expect(parseWorkflow({ schemaVersion: 1, nodes })).toStrictEqual(parseWorkflowWithZod({ schemaVersion: 1, nodes }));
    expect(parseWorkflow({ schemaVersion: 1, nodes }).ok).toBe(false);
  });

  it('keeps each node’s config object, so validation can know it again', () => {
    const config = { condition: { combinator: 'and', rules: [] } };
    const parsed = parseWorkflow({ schemaVersion: 1, nodes: [{ id: 'f', kind: 'filter', config }], edges: [] });
    expect(parsed.ok && parsed.workflow.nodes[0].config).toBe(config);
  });
});
