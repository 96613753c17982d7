import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAdjacency, topologicalOrder } from '../graph/index.ts';
import { analyzeWorkflow, type WorkflowAnalysis } from '../validate/index.ts';
import { buildWorkflow, RECIPE_SOURCES, workflowPlanArb } from '../../test/arbitrary-workflow.ts';
import { chain, doc, edge, events, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { planRun, type RunPlan } from './plan-run.ts';

/**
 * c ─ f ─ a ─ r(rank) ─ g ─ o1
 *     │   ev┘
 *     └ h ─ o2
 */
const DOC = doc(
  [
    source('c'), events('ev'), filter('f', rule('x', '>', 1)), node('a', 'aggregate', { as: 'n', fn: 'count' }),
    node('r', 'rank', { as: 'pct', fn: 'percent_rank', by: 'n' }), filter('g', rule('pct', '>', 0.5)), output('o1'),
    filter('h', rule('x', '<', 9)), output('o2'),
  ],
  [...chain('c', 'f', 'a', 'r', 'g', 'o1'), edge('ev', 'a', 'events'), ...chain('f', 'h', 'o2')],
);

function analyze(document: unknown): WorkflowAnalysis {
  const analysis = analyzeWorkflow(document);
  expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return analysis;
}

const tasksOf = (plan: RunPlan) => Object.fromEntries(plan.tasks.map((t) => [t.id, t]));
const taskFor = (plan: RunPlan, nodeId: string, partition: number | null) =>
  plan.tasks.find((t) => t.nodes.includes(nodeId) && t.partition === partition)!;

/** Everything a plan must satisfy whatever its mode. */
function expectSoundPlan(plan: RunPlan, analysis: WorkflowAnalysis) {
  const ids = new Set(plan.tasks.map((t) => t.id));
  expect(ids.size, 'task ids are unique').toBe(plan.tasks.length);
  // Every node runs once per partition it is split into, and once otherwise.
  for (const nodeId of analysis.order) {
    const runs = plan.tasks.filter((t) => t.nodes.includes(nodeId)).map((t) => t.partition);
    const expected = plan.partitioned[nodeId] ? Array.from({ length: plan.partitions }, (_, k) => k) : [null];
    expect(runs.sort(), nodeId).toEqual(expected);
  }
  // Every stage holds its nodes once, every node sits in one stage.
  expect(plan.stages.flatMap((s) => s.nodes).sort()).toEqual([...analysis.order].sort());
  // Dependencies exist and form a DAG, for tasks and for stages.
  for (const t of plan.tasks) for (const d of t.dependsOn) expect(ids.has(d), `${t.id} → ${d}`).toBe(true);
  const taskGraph = buildAdjacency([...ids], plan.tasks.flatMap((t) => t.dependsOn.map((d) => ({ source: d, target: t.id, targetPort: 'in' }))));
  expect(topologicalOrder(taskGraph).blocked).toEqual([]);
  const stageIds = plan.stages.map((s) => s.id);
  const stageGraph = buildAdjacency(stageIds, plan.stages.flatMap((s) => s.dependsOn.map((d) => ({ source: d, target: s.id, targetPort: 'in' }))));
  expect(topologicalOrder(stageGraph).blocked, 'stages form a DAG').toEqual([]);
  // Within a task, nodes run in an order that respects the edges.
  const position = new Map(analysis.order.map((id, i) => [id, i]));
  for (const t of plan.tasks) expect(t.nodes).toEqual([...t.nodes].sort((a, b) => position.get(a)! - position.get(b)!));
  // Each input is finished before its consumer starts: every producing task is an ancestor.
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (id: string): Set<string> => {
    if (!ancestors.has(id)) {
      const set = new Set<string>();
      for (const d of tasksOf(plan)[id].dependsOn) {
        set.add(d);
        for (const x of ancestorsOf(d)) set.add(x);
      }
      ancestors.set(id, set);
    }
    return ancestors.get(id)!;
  };
  for (const t of plan.tasks)
    for (const nodeId of t.nodes)
      for (const e of analysis.adjacency.incoming.get(nodeId) ?? []) {
        const producers = plan.partitioned[e.source]
          ? t.partition === null || !plan.partitioned[nodeId] ? Array.from({ length: plan.partitions }, (_, k) => taskFor(plan, e.source, k)) : [taskFor(plan, e.source, t.partition)]
          : [taskFor(plan, e.source, null)];
        for (const p of producers) if (p.id !== t.id) expect(ancestorsOf(t.id).has(p.id), `${t.id} needs ${p.id} (${e.source} → ${nodeId})`).toBe(true);
      }
}

describe('planRun: sequential', () => {
  it('is a strict chain of whole-data tasks in topological order', () => {
    const analysis = analyze(DOC);
    const plan = planRun(analysis, { mode: 'sequential', partitions: 8 });
    expect(plan.partitions).toBe(1);
    expect(Object.values(plan.partitioned).every((p) => p === false)).toBe(true);
    expect(plan.tasks.map((t) => t.nodes)).toEqual(analysis.order.map((id) => [id]));
    plan.tasks.forEach((t, i) => {
      expect(t.partition).toBeNull();
      expect(t.dependsOn).toEqual(i === 0 ? [] : [plan.tasks[i - 1].id]);
    });
    expectSoundPlan(plan, analysis);
  });
});

describe('planRun: parallel', () => {
  const analysis = analyze(DOC);
  const plan = planRun(analysis, { mode: 'parallel', partitions: 3 });

  it('splits row nodes into one task per partition and runs sources, rank and outputs whole', () => {
    expect(plan.partitioned).toEqual({ c: false, ev: false, f: true, a: true, r: false, g: true, o1: false, h: true, o2: false });
    expect(plan.tasks.every((t) => t.nodes.length === 1)).toBe(true);
    expect(plan.tasks).toHaveLength(5 + 4 * 3);
    expectSoundPlan(plan, analysis);
  });

  it('makes partition k of a row node wait only for partition k of its row inputs and for whole inputs', () => {
    expect(taskFor(plan, 'a', 1).dependsOn.sort()).toEqual([taskFor(plan, 'ev', null).id, taskFor(plan, 'f', 1).id].sort());
    expect(taskFor(plan, 'h', 2).dependsOn).toEqual([taskFor(plan, 'f', 2).id]);
    expect(taskFor(plan, 'f', 0).dependsOn).toEqual([taskFor(plan, 'c', null).id]);
  });

  it('makes a whole-data node wait for every partition of its input', () => {
    expect(taskFor(plan, 'r', null).dependsOn.sort()).toEqual([0, 1, 2].map((k) => taskFor(plan, 'a', k).id).sort());
    expect(taskFor(plan, 'o2', null).dependsOn.sort()).toEqual([0, 1, 2].map((k) => taskFor(plan, 'h', k).id).sort());
    expect(taskFor(plan, 'g', 0).dependsOn).toEqual([taskFor(plan, 'r', null).id]);
  });

  it('splits nothing with one partition', () => {
    const one = planRun(analysis, { mode: 'parallel', partitions: 1 });
    expect(Object.values(one.partitioned).some(Boolean)).toBe(false);
    expect(one.tasks).toHaveLength(9);
    expectSoundPlan(one, analysis);
  });
});

describe('planRun: hybrid', () => {
  const analysis = analyze(DOC);
  const plan = planRun(analysis, { mode: 'hybrid', partitions: 4 });
  const stageOf = (id: string) => plan.stages.find((s) => s.nodes.includes(id))!;

  it('groups the row nodes between barriers into one partitioned stage', () => {
    expect(stageOf('f').nodes).toEqual(['f', 'a', 'h']);
    expect(stageOf('f').partitioned).toBe(true);
    expect(plan.tasks.filter((t) => t.stage === stageOf('f').id).map((t) => t.partition)).toEqual([0, 1, 2, 3]);
  });

  it('keeps sources, the rank barrier and outputs whole and alone', () => {
    for (const id of ['c', 'ev', 'r', 'o1', 'o2']) expect(stageOf(id)).toMatchObject({ nodes: [id], partitioned: false });
  });

  it('starts a new stage after the barrier', () => {
    expect(stageOf('g').nodes).toEqual(['g']);
    expect(stageOf('g').dependsOn).toEqual([stageOf('r').id]);
    expect(stageOf('r').dependsOn).toEqual([stageOf('f').id]);
    expect(stageOf('f').dependsOn.sort()).toEqual([stageOf('c').id, stageOf('ev').id].sort());
    expect(stageOf('o2').dependsOn).toEqual([stageOf('h').id]);
  });

  it('makes the partition tasks of a stage wait for the whole tasks before them, and the barrier for all of them', () => {
    const fah = plan.tasks.filter((t) => t.stage === stageOf('f').id);
    for (const t of fah) expect(t.dependsOn.sort()).toEqual([taskFor(plan, 'c', null).id, taskFor(plan, 'ev', null).id].sort());
    expect(taskFor(plan, 'r', null).dependsOn.sort()).toEqual(fah.map((t) => t.id).sort());
    expectSoundPlan(plan, analysis);
  });

  it('does not merge two row nodes of one level when a barrier lies between them', () => {
    // f ─ r(rank) ─ g, and f ─ u, g ─ u: u must not join f's stage.
    const d = doc(
      [source('c'), filter('f', rule('x', '>', 1)), node('r', 'rank', { as: 'p', fn: 'percent_rank', by: 'x' }), filter('g', rule('p', '>', 0.1)),
        node('u', 'union'), output('o')],
      [...chain('c', 'f', 'r', 'g', 'u', 'o'), edge('f', 'u')],
    );
    const a = analyze(d);
    const p = planRun(a, { mode: 'hybrid', partitions: 2 });
    const of = (id: string) => p.stages.find((s) => s.nodes.includes(id))!.id;
    expect(of('u')).not.toBe(of('f'));
    expect(of('u')).toBe(of('g'));
    expectSoundPlan(p, a);
  });
});

describe('planRun: completed nodes', () => {
  it.each(['sequential', 'parallel', 'hybrid'] as const)('gives completed nodes no task and no dependency, keeping their partitioning (%s)', (mode) => {
    const analysis = analyze(DOC);
    const full = planRun(analysis, { mode, partitions: 2 });
    const plan = planRun(analysis, { mode, partitions: 2, completed: new Set(['c', 'ev', 'f', 'a']) });
    expect(new Set(plan.tasks.flatMap((t) => t.nodes))).toEqual(new Set(['r', 'g', 'o1', 'h', 'o2']));
    expect(plan.partitioned).toEqual(full.partitioned);
    const ids = new Set(plan.tasks.map((t) => t.id));
    for (const t of plan.tasks) for (const d of t.dependsOn) expect(ids.has(d)).toBe(true);
    if (mode !== 'sequential') expect(taskFor(plan, 'r', null).dependsOn).toEqual([]);
  });
});

describe('planRun: every mode on random workflows', () => {
  it('gives sound plans: each node once per partition, dependencies before use, stages a DAG', () => {
    fc.assert(
      fc.property(workflowPlanArb, fc.constantFrom('sequential', 'parallel', 'hybrid' as const), fc.integer({ min: 1, max: 5 }), (recipe, mode, partitions) => {
        const analysis = analyzeWorkflow(buildWorkflow(recipe), { sources: RECIPE_SOURCES });
        expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expectSoundPlan(planRun(analysis, { mode, partitions }), analysis);
      }),
      { numRuns: 150 },
    );
  });
});
