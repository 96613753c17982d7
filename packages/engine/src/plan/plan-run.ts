import { predecessors, type Adjacency } from '../graph/index.ts';
import type { RunMode } from '../model/document.ts';
import type { NodeScope } from '../nodes/define-node.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';

/** A group of nodes the UI draws together; partitioned stages run once per partition. */
export interface PlanStage {
  id: string;
  nodes: string[];
  partitioned: boolean;
  dependsOn: string[];
}

/**
 * One unit of work: run `nodes` in order, on one partition of the customers or
 * (partition null) on all of them. Plain data, so a queue could hand it to
 * another machine.
 */
export interface PlanTask {
  id: string;
  stage: string;
  nodes: string[];
  partition: number | null;
  dependsOn: string[];
}

export interface RunPlan {
  mode: RunMode;
  partitions: number;
  /** Node id → whether it runs per partition. */
  partitioned: Record<string, boolean>;
  /** Node id → the inputs it reads whole even on one partition (broadcast ports). */
  wholeInputs: Record<string, string[]>;
  stages: PlanStage[];
  tasks: PlanTask[];
}

export interface PlanOptions {
  mode: RunMode;
  partitions: number;
  /** Nodes whose results exist already (a cache hit, a resumed run): they get no task. */
  completed?: ReadonlySet<string>;
}

/** The nodes a plan can run: parsed, in topological order. */
type Plannable = Pick<WorkflowAnalysis, 'order' | 'nodes' | 'adjacency'>;

const scopeOf = (a: Plannable, id: string): NodeScope => a.nodes.get(id)!.definition.scope;

/**
 * Plans a run of an analysed, error-free workflow.
 * - sequential: one node at a time, each on all rows;
 * - parallel: one task per node and partition, each starting when its inputs are ready;
 * - hybrid: row-scope nodes between barriers grouped into stages that run per
 *   partition; sources, global nodes (rank) and outputs run once on all rows.
 */
export function planRun(analysis: Plannable, options: PlanOptions): RunPlan {
  const { mode } = options;
  const partitions = mode === 'sequential' ? 1 : Math.max(1, Math.floor(options.partitions));
  const known = analysis.order.filter((id) => analysis.nodes.has(id));
  // Completed nodes get no task, but their results were split as planned: keep their flag.
  const partitioned = Object.fromEntries(known.map((id) => [id, partitions > 1 && scopeOf(analysis, id) === 'row']));
  const order = known.filter((id) => !options.completed?.has(id));
  const wholeInputs = Object.fromEntries(known.map((id) => [id, broadcastInputs(analysis, id)]));
  const groups = mode === 'hybrid' ? hybridGroups(analysis, order, wholeInputs) : order.map((id) => [id]);
  const stageOf = new Map<string, string>();
  const stages: PlanStage[] = groups.map((nodes, i) => {
    const id = `s${i + 1}`;
    nodes.forEach((n) => stageOf.set(n, id));
    return { id, nodes, partitioned: partitioned[nodes[0]], dependsOn: [] };
  });
  for (const stage of stages) {
    const deps = new Set(stage.nodes.flatMap((n) => predecessors(analysis.adjacency, n)).flatMap((p) => stageOf.get(p) ?? []));
    deps.delete(stage.id);
    stage.dependsOn = [...deps];
  }
  const tasks = stages.flatMap((stage) => stageTasks(stage, partitions, analysis.adjacency, stageOf, partitioned, wholeInputs));
  if (mode === 'sequential') tasks.forEach((t, i) => (t.dependsOn = i ? [tasks[i - 1].id] : []));
  return { mode, partitions, partitioned, wholeInputs, stages, tasks };
}

function broadcastInputs(analysis: Plannable, id: string): string[] {
  const ports = analysis.nodes.get(id)!.definition.inputs;
  return (analysis.adjacency.incoming.get(id) ?? []).filter((e) => ports[e.targetPort]?.broadcast).map((e) => e.source);
}

const taskId = (stage: string, partition: number | null) => (partition === null ? stage : `${stage}.p${partition}`);

function stageTasks(
  stage: PlanStage, partitions: number, adj: Adjacency, stageOf: Map<string, string>,
  partitioned: Record<string, boolean>, wholeInputs: Record<string, string[]>,
): PlanTask[] {
  const parts = stage.partitioned ? Array.from({ length: partitions }, (_, k) => k) : [null];
  return parts.map((partition) => {
    const deps = new Set<string>();
    for (const node of stage.nodes)
      for (const input of predecessors(adj, node)) {
        const inputStage = stageOf.get(input);
        if (inputStage === undefined || inputStage === stage.id) continue;
        if (!partitioned[input]) deps.add(taskId(inputStage, null));
        else if (partition !== null && !wholeInputs[node].includes(input)) deps.add(taskId(inputStage, partition));
        else for (let k = 0; k < partitions; k++) deps.add(taskId(inputStage, k));
      }
    return { id: taskId(stage.id, partition), stage: stage.id, nodes: stage.nodes, partition, dependsOn: [...deps] };
  });
}

/**
 * Hybrid stages: every non-row node alone; row nodes grouped by barrier level
 * (how many non-row nodes lie on the longest path above them) and by
 * connectedness within a level. Paths between two nodes of one level pass only
 * through row nodes of that level, so the stages form a DAG.
 */
function hybridGroups(analysis: Plannable, order: string[], wholeInputs: Record<string, string[]>): string[][] {
  // A broadcast edge is a barrier too: its consumer needs every partition of the input.
  const crossesBarrier = (p: string, id: string) => scopeOf(analysis, p) !== 'row' || wholeInputs[id].includes(p);
  const level = new Map<string, number>();
  for (const id of order) {
    const ins = predecessors(analysis.adjacency, id);
    level.set(id, Math.max(0, ...ins.map((p) => (level.get(p) ?? 0) + (crossesBarrier(p, id) ? 1 : 0))));
  }
  const parent = new Map(order.map((id) => [id, id]));
  const find = (id: string): string => {
    while (parent.get(id) !== id) id = parent.get(id)!;
    return id;
  };
  for (const id of order) {
    if (scopeOf(analysis, id) !== 'row') continue;
    for (const p of predecessors(analysis.adjacency, id))
      if (parent.has(p) && !crossesBarrier(p, id) && level.get(p) === level.get(id)) parent.set(find(id), find(p));
  }
  const groups = new Map<string, string[]>();
  for (const id of order) {
    const root = scopeOf(analysis, id) === 'row' ? find(id) : id;
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()];
}
