import {
  analyzeWorkflow, compileEvaluator, fromStoredRow, keyType, MAX_EVENTS_PER_CUSTOMER,
  type CompiledEvaluator, type CustomerData, type RankCuts, type Row, type SourceFacts, type Workflow, type WorkflowAnalysis,
} from '@segflow/engine';
import type { DocumentChecker } from './check-document.ts';
import type { PreviewService } from './preview-service.ts';
import type { RunStore } from '../store/runs.store.ts';
import type { Version, VersionStore } from '../store/versions.store.ts';
import type { WorkflowStore } from '../store/workflows.store.ts';
import { whileUnchanged, type ChangeCounter } from '../store/change-counter.ts';

export interface CompiledVersion {
  version: number;
  document: Workflow;
  analysis: WorkflowAnalysis;
  evaluator: CompiledEvaluator;
  /** The run whose cut points ranks use, if any. */
  runId?: string;
}

const MAX_CACHED = 50;
/** A lookup table larger than this is not held in memory: its lookups answer null. */
export const MAX_LOOKUP_ROWS = 100_000;

interface Deps { check: DocumentChecker; runs: RunStore; previews: PreviewService; versions: VersionStore; workflows: WorkflowStore; changes: ChangeCounter }

/** Workflows whose published version and last run are remembered between calls. */
const MAX_REMEMBERED = 1000;

/** Whole tables on broadcast ports (a lookup's table), read through the workflow's previewer. */
async function loadTables(deps: Deps, version: Version, analysis: WorkflowAnalysis): Promise<Record<string, Record<string, Row[]>>> {
  const tables: Record<string, Record<string, Row[]>> = {};
  for (const [id, node] of analysis.nodes)
    for (const edge of analysis.adjacency.incoming.get(id) ?? []) {
      if (!node.definition.inputs[edge.targetPort]?.broadcast) continue;
      const { columns, rows } = await deps.previews.nodeRows(version.workflowId, version.document, edge.source, { limit: MAX_LOOKUP_ROWS + 1, cap: MAX_LOOKUP_ROWS + 1 });
      if (rows.length > MAX_LOOKUP_ROWS) continue;
      (tables[id] ??= {})[edge.targetPort] = rows.map((r) => fromStoredRow(r, columns as never));
    }
  return tables;
}

/**
 * Published versions compiled for one customer at a time, reused while the
 * same run's cut points apply: compiling (and loading lookup tables) is done
 * once, not per request.
 */
export function evaluateService(deps: Deps) {
  const cache = new Map<string, Promise<CompiledVersion | { problems: unknown[] }>>();
  // Which version is published and which run's cut points apply change only with a write to the file:
  // until then a call reads neither again.
  const publishedOf = whileUnchanged<number | null | undefined>(deps.changes, MAX_REMEMBERED);
  const lastRunOf = whileUnchanged<string | undefined>(deps.changes, MAX_REMEMBERED);

  async function compile(version: Version, runId: string | undefined): Promise<CompiledVersion | { problems: unknown[] }> {
    const check = await deps.check(version.document);
    if (!check.ok) return { problems: check.problems };
    // The checker summarises each source's columns; validation needs only their names and types.
    const sources: Record<string, SourceFacts> = Object.fromEntries(Object.entries(check.sources).map(([id, s]) => [
      id, s.ok ? { ok: true, columns: (s.columns ?? []).map((c) => ({ name: c.name, type: c.type as never, duckType: '' })) } : { ok: false, message: s.message ?? '' },
    ]));
    const analysis = analyzeWorkflow(version.document, { sources });
    const cuts: Record<string, RankCuts> = {};
    for (const [id, node] of Object.entries((runId ? deps.runs.get(runId)?.state.nodes : undefined) ?? {})) if (node.cuts) cuts[id] = node.cuts;
    const tables = await loadTables(deps, version, analysis);
    let evaluator: CompiledEvaluator;
    try {
      evaluator = compileEvaluator(analysis, { cuts, tables });
    } catch (e) {
      // A node kind without one-customer evaluation yet: the caller is told which node, in words.
      return { problems: [{ severity: 'error', code: 'invalid_config', message: (e as Error).message }] };
    }
    return { version: version.n, document: version.document, analysis, evaluator, ...(runId ? { runId } : {}) };
  }

  /** Compiled once per (workflow, version, run whose cut points apply): a new successful run compiles again. */
  function cached(workflowId: string, n: number, version: () => Version | undefined): Promise<CompiledVersion | { problems: unknown[] }> | undefined {
    const runId = lastRunOf(`${workflowId}|${n}`, () => deps.runs.lastSucceededIdOf(workflowId, n));
    const cacheKey = `${workflowId}|${n}|${runId ?? ''}`;
    let compiled = cache.get(cacheKey);
    if (!compiled) {
      const read = version();
      if (!read) return undefined;
      compiled = compile(read, runId);
      compiled.catch(() => cache.delete(cacheKey));
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(cacheKey, compiled);
    }
    return compiled;
  }

  return {
    /** The workflow's published version number (null: none yet; undefined: no such workflow). */
    publishedVersion: (workflowId: string) => publishedOf(workflowId, () => deps.workflows.publishedVersion(workflowId)),

    compiled: (version: Version) => cached(version.workflowId, version.n, () => version)!,

    /**
     * Version `n` of a workflow, compiled; undefined when there is no such version.
     * A published version never changes, so once compiled its document is not read again.
     */
    compiledVersion: (workflowId: string, n: number) => cached(workflowId, n, () => deps.versions.get(workflowId, n)),

    /** A customer's profile and events as the version's sources hold them; undefined when no source knows the key. */
    async storedCustomer(workflowId: string, compiled: CompiledVersion, key: string | number): Promise<CustomerData | undefined> {
      const profiles: CustomerData['profiles'] = {};
      const events: CustomerData['events'] = {};
      let found = false;
      for (const id of compiled.evaluator.customerSources) {
        const schema = compiled.analysis.schemas.get(id)!;
        const isEvents = schema.kind === 'events';
        // A key that cannot be one of this source's keys ("abc" where keys are numbers) finds nobody there.
        const typed = keyAs(key, keyType(schema));
        if (typed === undefined) continue;
        const { columns, rows } = await deps.previews.nodeRows(workflowId, compiled.document, id, { key: typed, limit: isEvents ? MAX_EVENTS_PER_CUSTOMER : 1, cap: MAX_EVENTS_PER_CUSTOMER });
        const read = rows.map((r) => fromStoredRow(r, columns as never));
        if (isEvents) events[id] = read;
        else {
          profiles[id] = read[0] ?? null;
          found ||= read.length > 0;
        }
      }
      return found ? { profiles, events } : undefined;
    },
  };
}

export type EvaluateService = ReturnType<typeof evaluateService>;

/**
 * A looked-up key as the key column holds it (undefined when it cannot be one):
 * text for a text key; for a whole-number key its digits, as a number when
 * exact, else as digits DuckDB reads exactly (a 64-bit id is past 2^53).
 */
export function keyAs(key: string | number, type: string | undefined): string | number | undefined {
  if (type !== 'integer' && type !== 'number') return String(key);
  const text = String(key).trim();
  if (type === 'integer') {
    if (!/^-?\d{1,20}$/.test(text)) return undefined;
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  const n = text === '' ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}
