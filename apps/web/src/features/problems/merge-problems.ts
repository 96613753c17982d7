import type { Problem } from '@segflow/engine';

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
