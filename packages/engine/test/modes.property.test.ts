import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CODES } from '../src/model/problem.ts';
import { analyzeWorkflow, validateWorkflow } from '../src/validate/index.ts';
import { buildWorkflow, RECIPE_SOURCES, tinyDataset, workflowPlanArb } from './arbitrary-workflow.ts';
import { runIn } from './run-helpers.ts';
import { writeFiles } from './tiny-run.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = writeFiles(tinyDataset());
});

/** Every segment file's exact text, by segment name. */
async function segments(document: unknown, mode: 'sequential' | 'parallel' | 'hybrid', partitions: number, storeEveryNode = false) {
  const result = await runIn(document, { dataDir, mode, partitions, asOf: '2022-06-30', storeEveryNode });
  if (!result.state) throw new Error(`not run: ${JSON.stringify(result.problems)}`);
  expect(result.state.status, `${mode}/${partitions}: ${JSON.stringify(result.state.nodes)}`).toBe('succeeded');
  return Object.fromEntries(Object.entries(result.state.segments).map(([name, s]) => [name, readFileSync(s.path, 'utf8')]));
}

describe('execution modes', () => {
  it('give identical segment files for random valid workflows in sequential, parallel and hybrid, lean or not', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb, fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 4 }), async (recipe, parallelParts, hybridParts) => {
        const document = buildWorkflow(recipe);
        const errors = analyzeWorkflow(document, { sources: RECIPE_SOURCES }).problems.filter((p) => p.severity === 'error');
        expect(errors).toEqual([]);
        const reference = await segments(document, 'sequential', 1);
        expect(Object.keys(reference).length).toBeGreaterThan(0);
        expect(await segments(document, 'parallel', parallelParts), `parallel ${parallelParts}`).toEqual(reference);
        expect(await segments(document, 'hybrid', hybridParts), `hybrid ${hybridParts}`).toEqual(reference);
        // Lean runs (events summarised, nodes inlined, only needed columns stored) against every node stored whole.
        expect(await segments(document, 'sequential', 1, true), 'every node stored').toEqual(reference);
        expect(await segments(document, 'hybrid', hybridParts, true), `every node stored, hybrid ${hybridParts}`).toEqual(reference);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});

function expectProblems(result: unknown) {
  expect(Array.isArray(result)).toBe(true);
  for (const p of result as Record<string, unknown>[]) {
    expect(Object.keys(PROBLEM_CODES)).toContain(p.code);
    expect(['error', 'warning']).toContain(p.severity);
    expect(typeof p.message).toBe('string');
  }
}

/** A change to one spot of a valid document: a value replaced, a key removed, an element repeated. */
interface Mutation {
  path: number[];
  action: 'replace' | 'delete' | 'duplicate' | 'swap-kind';
  value: unknown;
}
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }),
  action: fc.constantFrom('replace', 'delete', 'duplicate', 'swap-kind'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('', 'in', 'events', 'minus', 'n0', 'customers', -1, 1e308, '"; DROP TABLE x; --', 'aggregate', 'rank')),
});

function mutate(document: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(document) as Record<string, unknown>;
  let target: unknown = copy;
  for (let i = 0; i < mutation.path.length; i++) {
    if (typeof target !== 'object' || target === null) break;
    const keys = Object.keys(target);
    if (!keys.length) break;
    const key = keys[mutation.path[i] % keys.length];
    const child = (target as Record<string, unknown>)[key];
    const last = i === mutation.path.length - 1 || typeof child !== 'object' || child === null;
    if (last) {
      const t = target as Record<string, unknown>;
      if (mutation.action === 'replace') t[key] = mutation.value;
      else if (mutation.action === 'delete') Array.isArray(t) ? t.splice(Number(key), 1) : delete t[key];
      else if (mutation.action === 'duplicate') Array.isArray(t) ? t.push(structuredClone(child)) : (t[`${key}2`] = child);
      else if (typeof child === 'object' && child && 'kind' in child) (child as Record<string, unknown>).kind = mutation.value;
      else t[key] = 'filter';
      break;
    }
    target = child;
  }
  return copy;
}

describe('validateWorkflow on untrusted input', () => {
  it('returns problems for arbitrary JSON and never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const problems = validateWorkflow(value);
        expectProblems(problems);
        expect(problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('returns problems for arbitrary values shaped almost like a document and never throws', () => {
    const nodeArb = fc.record({ id: fc.oneof(fc.string(), fc.constantFrom('a', 'b', 'c')), kind: fc.oneof(fc.string(), fc.constantFrom('source', 'filter', 'union', 'output', 'aggregate', 'rank', 'lookup', 'exclude')), config: fc.anything() }, { requiredKeys: [] });
    const edgeArb = fc.record({ source: fc.constantFrom('a', 'b', 'c', 'x'), target: fc.constantFrom('a', 'b', 'c', 'x'), targetPort: fc.constantFrom('in', 'events', 'minus', 'lookup', 'nope') }, { requiredKeys: ['source', 'target'] });
    fc.assert(
      fc.property(fc.array(nodeArb, { maxLength: 6 }), fc.array(edgeArb, { maxLength: 8 }), (nodes, edges) => {
        expectProblems(validateWorkflow({ schemaVersion: 1, nodes, edges }));
      }),
      { numRuns: 300 },
    );
  });

  it('returns problems for mutated valid documents and never throws', () => {
    fc.assert(
      fc.property(workflowPlanArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (recipe, mutations) => {
        const document = mutations.reduce((d, m) => mutate(d, m), buildWorkflow(recipe) as unknown);
        expectProblems(validateWorkflow(document, { sources: RECIPE_SOURCES }));
        expectProblems(validateWorkflow(document));
      }),
      { numRuns: 400 },
    );
  });
});
