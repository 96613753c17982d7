import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { parseWith } from '../http/parse.ts';
import type { Run } from '../store/runs.store.ts';
import { runOr404 } from './lookups.ts';
import { compareRunsParams, type ResponseOf } from '@segflow/contract';
import type { Workflow } from '@segflow/engine';

const FINISHED_NODE = new Set(['succeeded', 'warning']);

/** ms a run took: the engine's figure, else from its timestamps. */
export const durationOf = (run: Run) =>
  run.state.ms ?? (run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null);

/** Node id → label and kind, in the document's order. */
export function labelsOf(document: Workflow): Map<string, { label: string; kind: string }> {
  return new Map(document.nodes.map((n) => [n.id, { label: n.label || n.id, kind: n.kind }]));
}

const change = (a: number | null, b: number | null) => ({
  diff: a === null || b === null ? null : b - a,
  changePct: a === null || b === null || a === 0 ? null : Math.round(((b - a) / a) * 1000) / 10,
});

/**
 * Two runs side by side, node by node: the rows each step kept in each run and
 * the difference (b − a), to explain why a segment changed.
 */
export function runCompareRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/runs/:runId/compare/:otherId', (req, res) => {
    const { runId, otherId } = parseWith(compareRunsParams, req.params, 'params');
    const a = runOr404(ctx, runId);
    const b = runOr404(ctx, otherId);
    if (a.workflowId !== b.workflowId) throw new HttpError(400, 'invalid_request', 'Both runs must be of the same workflow.');
    const stateOf = (run: Run) => ctx.runService.liveState(run.id) ?? run.state;
    const [sa, sb] = [stateOf(a), stateOf(b)];
    const [inA, inB] = [labelsOf(a.document), labelsOf(b.document)];
    const labels = new Map([...inA, ...inB]);
    const rowsOf = (state: Run['state'], nodeId: string) => {
      const node = state.nodes[nodeId];
      return node && FINISHED_NODE.has(node.status) ? node.rows : null;
    };
    const head = (run: Run, state: Run['state']) => ({
      id: run.id, version: run.version, status: run.status, mode: run.mode, asOf: run.asOf, createdAt: run.createdAt, finishedAt: run.finishedAt, ms: state.ms ?? null,
    });
    const nodes = [...labels].map(([nodeId, { label, kind }]) => {
      const [ra, rb] = [rowsOf(sa, nodeId), rowsOf(sb, nodeId)];
      return {
        nodeId, label, kind,
        a: ra, b: rb,
        statusA: sa.nodes[nodeId]?.status ?? null,
        statusB: sb.nodes[nodeId]?.status ?? null,
        inA: inA.has(nodeId),
        inB: inB.has(nodeId),
        ...change(ra, rb),
      };
    });
    const segmentNames = [...new Set([...Object.keys(sa.segments), ...Object.keys(sb.segments)])];
    const segments = segmentNames.map((segment) => {
      const [ca, cb] = [sa.segments[segment]?.count ?? null, sb.segments[segment]?.count ?? null];
      return { segment, a: ca, b: cb, ...change(ca, cb) };
    });
    res.json({ a: head(a, sa), b: head(b, sb), nodes, segments } satisfies ResponseOf<'GET /api/runs/:runId/compare/:otherId', 200>);
  });

  return router;
}
