/** One group of a split: a name and a share of the customers. */
export interface SplitGroup {
  name: string;
  percent: number;
}

/** Percents sum in hundredths, so 33.33 + 33.33 + 33.34 is exactly 100. */
export const totalPercent = (groups: readonly SplitGroup[]): number =>
  Math.round(groups.reduce((sum, g) => sum + Math.round((Number.isFinite(g.percent) ? g.percent : 0) * 100), 0)) / 100;

/** A new group takes what is left to reach 100 (or nothing), under a name not yet used. */
export function addGroup(groups: readonly SplitGroup[]): SplitGroup[] {
  const names = new Set(groups.map((g) => g.name));
  let n = groups.length + 1;
  while (names.has(`group_${n}`)) n++;
  return [...groups, { name: `group_${n}`, percent: Math.max(0, Math.round((100 - totalPercent(groups)) * 100) / 100) }];
}

/** "10 to go", "5 too many" or null when the total is exactly 100. */
export function totalProblem(groups: readonly SplitGroup[]): string | null {
  const total = totalPercent(groups);
  if (total === 100) return null;
  const gap = Math.round(Math.abs(100 - total) * 100) / 100;
  return total < 100 ? `${gap}% still to give out` : `${gap}% too many`;
}

interface StepLike {
  id: string;
  data: { kind: string; label?: string; config: Record<string, unknown> };
}

/** The filters right after the split that keep exactly one group ("<column> = <group>"), with that group. */
export function groupFilters(nodes: readonly StepLike[], edges: readonly { source: string; target: string }[], splitId: string, column: string): { step: StepLike; group: unknown }[] {
  const next = new Set(edges.filter((e) => e.source === splitId).map((e) => e.target));
  return nodes.flatMap((step) => {
    if (!next.has(step.id) || step.data.kind !== 'filter') return [];
    const rules = (step.data.config.condition as { rules?: { field?: unknown; operator?: unknown; value?: unknown }[] } | undefined)?.rules;
    return rules?.length === 1 && rules[0].field === column && rules[0].operator === '=' ? [{ step, group: rules[0].value }] : [];
  });
}

/** The groups with no filter of their own right after the split. */
export function groupsWithoutFilter(nodes: readonly StepLike[], edges: readonly { source: string; target: string }[], splitId: string, column: string, groups: readonly SplitGroup[]): string[] {
  const kept = new Set(groupFilters(nodes, edges, splitId, column).map((f) => f.group));
  return groups.map((g) => g.name).filter((name) => !kept.has(name));
}
