import { analyzeWorkflow, compileEvaluator, type CompiledEvaluator, type RankCuts, type SourceFacts, type WorkflowAnalysis } from '@segflow/engine';
import type { DocumentChecker } from './check-document.ts';
import type { RunStore } from '../store/runs.store.ts';
import type { Version } from '../store/versions.store.ts';

export interface CompiledVersion {
  version: number;
  analysis: WorkflowAnalysis;
  evaluator: CompiledEvaluator;
  /** The run whose cut points ranks use, if any. */
  runId?: string;
}

const MAX_CACHED = 50;

/**
 * Published versions compiled for one customer at a time, reused while the
 * same run's cut points apply: compiling is done once, not per request.
 */
export function evaluateService(deps: { check: DocumentChecker; runs: RunStore }) {
  const cache = new Map<string, CompiledVersion>();
  return {
    async compiled(version: Version): Promise<CompiledVersion | { problems: unknown[] }> {
      const run = deps.runs.lastSucceededOf(version.workflowId, version.n);
      const cacheKey = `${version.workflowId}|${version.n}|${run?.id ?? ''}`;
      const hit = cache.get(cacheKey);
      if (hit) return hit;
      const check = await deps.check(version.document);
      if (!check.ok) return { problems: check.problems };
      // The checker summarises each source's columns; validation needs only their names and types.
      const sources: Record<string, SourceFacts> = Object.fromEntries(Object.entries(check.sources).map(([id, s]) => [
        id, s.ok ? { ok: true, columns: (s.columns ?? []).map((c) => ({ name: c.name, type: c.type as never, duckType: '' })) } : { ok: false, message: s.message ?? '' },
      ]));
      const analysis = analyzeWorkflow(version.document, { sources });
      const cuts: Record<string, RankCuts> = {};
      for (const [id, node] of Object.entries(run?.state.nodes ?? {})) if (node.cuts) cuts[id] = node.cuts;
      const compiled = { version: version.n, analysis, evaluator: compileEvaluator(analysis, { cuts }), ...(run ? { runId: run.id } : {}) };
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(cacheKey, compiled);
      return compiled;
    },
  };
}

export type EvaluateService = ReturnType<typeof evaluateService>;
