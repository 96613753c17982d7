import type { WorkflowInput } from '../packages/engine/src/node.ts';

/** Small builders the bench's reference workflows are written with. */
export type NodeInput = WorkflowInput['nodes'][number];
export type EdgeInput = NonNullable<WorkflowInput['edges']>[number];
export type Rule = { field: string; operator: string; value?: unknown };

export const and = (...rules: Rule[]) => ({ combinator: 'and', rules });
export const purchase: Rule = { field: 'event_type', operator: '=', value: 'purchase' };
export const at = (x: number, y: number) => ({ x: x * 240, y: y * 120 });
export const edge = (source: string, target: string, targetPort = 'in'): EdgeInput => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort });
export const filter = (id: string, x: number, y: number, ...rules: Rule[]): NodeInput => ({ id, kind: 'filter', position: at(x, y), config: { condition: and(...rules) } });
