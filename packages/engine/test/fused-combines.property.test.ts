import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runIn, tempDir } from './run-helpers.ts';
import { doc, edge, node, output, source, type EdgeSpec, type NodeSpec } from './workflow-builders.ts';

/*
 * Lean runs read a union, intersect or exclude of filters over the same rows
 * as one condition on those rows (duckdb/fused-filters.ts). Random stacks of
 * such filters and combines over one customer file, with missing values, must
 * count every node as a run that stores every node whole and joins by key.
 */
const RULES = fc.record({
  field: fc.constantFrom('age', 'name'),
  operator: fc.constantFrom('=', '!=', '>', '<', 'null', 'notNull'),
  value: fc.constantFrom(20, 30, 45, 'a', 'b'),
});

const step = fc.record({
  kind: fc.constantFrom('filter', 'filter', 'filter', 'union', 'intersect', 'exclude', 'exclude'),
  picks: fc.array(fc.nat(30), { minLength: 2, maxLength: 2 }),
  rules: fc.array(RULES, { minLength: 1, maxLength: 2 }),
  combinator: fc.constantFrom('and', 'or'),
  not: fc.boolean(),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** A rule that reads its field as its type: numbers compare to ages, texts to names. */
function ruleOf(r: Step['rules'][number]) {
  if (r.operator === 'null' || r.operator === 'notNull') return { field: r.field, operator: r.operator };
  const value = r.field === 'age' ? (typeof r.value === 'number' ? r.value : 30) : typeof r.value === 'string' ? r.value : 'a';
  const operator = r.field === 'name' && (r.operator === '>' || r.operator === '<') ? '=' : r.operator;
  return { field: r.field, operator, value };
}

/** Each step filters or combines populations made before it; every population is delivered. */
function stackOf(steps: Step[]) {
  const nodes: NodeSpec[] = [source('customers')];
  const edges: EdgeSpec[] = [];
  const made = ['customers'];
  steps.forEach((s, i) => {
    const id = `n${i}`;
    const [a, b] = s.picks.map((p) => made[p % made.length]);
    if (s.kind === 'filter' || a === b) {
      nodes.push(node(id, 'filter', { condition: { combinator: s.combinator, not: s.not, rules: s.rules.map(ruleOf) } }));
      edges.push(edge(a, id));
    } else {
      nodes.push(node(id, s.kind));
      edges.push(edge(a, id), edge(b, id, s.kind === 'exclude' ? 'minus' : undefined));
    }
    nodes.push(output(`out_${id}`));
    edges.push(edge(id, `out_${id}`));
    made.push(id);
  });
  return doc(nodes, edges);
}

let dataDir: string;
beforeAll(() => {
  dataDir = tempDir();
  writeFileSync(join(dataDir, 'customers.csv'), 'id,name,age\n1,a,50\n2,b,20\n3,b,\n4,,25\n5,b,45\n6,c,10\n7,b,29\n8,a,\n9,a,30\n10,,45\n11,c,31\n12,b,19\n');
});

const rowsOf = async (document: unknown, storeEveryNode: boolean) => {
  const run = await runIn(document, { dataDir, mode: 'sequential', storeEveryNode, asOf: '2022-06-30', deliver: false });
  expect(run.state?.status, JSON.stringify(run.problems)).toBe('succeeded');
  return Object.fromEntries(Object.entries(run.state!.nodes).map(([id, n]) => [id, n.rows]));
};

describe('fused combines', () => {
  it('count every node of random stacks of filters and combines as runs storing every node do', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 7 }), async (steps) => {
        const document = stackOf(steps);
        expect(await rowsOf(document, false)).toEqual(await rowsOf(document, true));
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
