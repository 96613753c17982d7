import { outsideExpectedSize, warning, type OutputConfig, type Problem } from '@segflow/engine';
import { formatNumber } from '../../app/format.ts';

export interface ShownProblem extends Problem {
  /** Where it was found: instantly in the browser, or by the server (which also reads the files). */
  from: 'browser' | 'server';
}

const keyOf = (p: Problem) => `${p.severity}\u0000${p.code}\u0000${p.nodeId ?? ''}\u0000${p.edgeId ?? ''}\u0000${p.message}`;

/**
 * The browser's problems, then the server's that the browser did not find.
 * Errors come before warnings; otherwise the engine's order is kept.
 */
export function mergeProblems(browser: readonly Problem[], server: readonly Problem[] | undefined): ShownProblem[] {
  const seen = new Set(browser.map(keyOf));
  const merged: ShownProblem[] = [
    ...browser.map((p) => ({ ...p, from: 'browser' as const })),
    ...(server ?? []).filter((p) => !seen.has(keyOf(p))).map((p) => ({ ...p, from: 'server' as const })),
  ];
  const rank = (p: Problem) => (p.severity === 'error' ? 0 : 1);
  return merged.map((p, i) => [p, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([p]) => p);
}

export function problemsByNode(problems: readonly ShownProblem[]): Map<string, ShownProblem[]> {
  const map = new Map<string, ShownProblem[]>();
  for (const p of problems) if (p.nodeId) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
  return map;
}

/** What reading a file tells about its rows: shown on the node while editing, not only after a run. */
const DATA_QUALITY = new Set<string>(['missing_key', 'duplicate_key', 'invalid_value']);

/**
 * The data-quality warnings of a live count (repeated or empty customer keys,
 * unreadable values), to show beside the server's check. Other problems of a
 * count the browser and the server's check report already.
 */
export function dataProblems(problems: readonly Problem[] | undefined): Problem[] {
  return (problems ?? []).filter((p) => DATA_QUALITY.has(p.code));
}

/**
 * Outputs whose exact live count is outside their expected size: said while
 * editing, so a run is not the first to tell (and, with enforce, to fail).
 */
export function sizeProblems(nodes: readonly { id: string; kind: string; config?: unknown }[], counts: Readonly<Record<string, { rows: number; exact: boolean }>> | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const node of nodes) {
    const count = counts?.[node.id];
    const config = node.config as Partial<OutputConfig> | undefined;
    if (node.kind !== 'output' || !count?.exact || !config?.expect) continue;
    const outside = outsideExpectedSize(config.expect, count.rows);
    if (!outside) continue;
    const then = config.expect.enforce ? 'a run would fail at this step and deliver nothing' : 'a run would deliver it with a warning';
    problems.push(warning('segment_size', `This segment has ${formatNumber(count.rows)} customers now, ${outside}: ${then}.`, { nodeId: node.id }));
  }
  return problems;
}

/** The server's check and the live count's data warnings; undefined while neither has spoken. */
export function serverSide(checked: readonly Problem[] | undefined, data: readonly Problem[] = []): Problem[] | undefined {
  if (!checked && !data.length) return undefined;
  return [...(checked ?? []), ...data];
}
