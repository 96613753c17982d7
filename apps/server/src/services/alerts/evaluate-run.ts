import { nodeNamer, outputSettings, type Problem, type RunState, type RunStatus, type Workflow } from '@segflow/engine';

/** Per workflow: what is worth an alert and where to send it (PUT /api/workflows/:id/alert-settings). */
export interface AlertSettings {
  /** Per segment name: the largest change from the previous successful run, in percent, before it alerts. */
  outputs: Record<string, { maxChangePct?: number }>;
  /** Overrides the server-wide SEGFLOW_ALERT_WEBHOOK for this workflow. */
  webhookUrl: string | null;
  /** Rows of a source with a data-quality warning (empty or repeated key, unreadable values), in percent, before it alerts. */
  dataQualityThreshold: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { outputs: {}, webhookUrl: null, dataQualityThreshold: 5 };

export type AlertKind = 'run_failed' | 'run_partial' | 'segment_out_of_range' | 'segment_change' | 'data_quality' | 'schedule_failed' | 'schedule_missed';
export type AlertSeverity = 'critical' | 'warning';

/** An alert before it is stored: `subject` tells two alerts of one kind in one run apart (a segment, a node). */
export interface AlertDraft {
  kind: AlertKind;
  severity: AlertSeverity;
  subject: string;
  message: string;
  details: Record<string, unknown>;
}

/** What evaluating a finished run needs from it. */
export interface FinishedRun {
  status: RunStatus;
  document: Workflow;
  state: RunState;
  note: string | null;
}

interface OutputFacts {
  nodeId: string;
  segment: string;
  expect?: { min?: number; max?: number };
}

const DATA_QUALITY_CODES = new Set(['missing_key', 'duplicate_key', 'invalid_value']);
// Counts of rows dropped before the node's own row count, so the share is of the rows read.
const DROPPED_CODES = new Set(['missing_key', 'duplicate_key']);
const count = new Intl.NumberFormat('en-US');
/** 42.1%, 100% */
const percent = (n: number) => `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(n)}%`;

/** The outputs a run's document declares, with the expected range of each segment. */
export function outputsOf(document: Workflow): OutputFacts[] {
  return outputSettings(document).map(({ node, config }) => {
    const { min, max } = config.expect ?? {};
    const expect = min !== undefined || max !== undefined ? { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) } : undefined;
    return { nodeId: node.id, segment: config.segment, ...(expect ? { expect } : {}) };
  });
}

const range = (e: { min?: number; max?: number }) => `${count.format(e.min ?? 0)}–${e.max === undefined ? '∞' : count.format(e.max)}`;

// The engine says how many rows a data-quality warning concerns only in its message ("12 rows with an empty key…").
// Counts may be written with grouping commas ("1,234 rows…").
const leadingCount = (p: Problem) => Number(/^(\d[\d,]*)/.exec(p.message)?.[1]?.replaceAll(',', '') ?? NaN);

/**
 * The alerts a finished run raises: failed or partial, a segment outside its expected
 * range, a segment that changed more than allowed since the previous successful run,
 * and data-quality warnings over the threshold. Pure: the caller stores and sends.
 */
export function evaluateRun(run: FinishedRun, previous: Pick<RunState, 'segments'> | undefined, settings: AlertSettings): AlertDraft[] {
  const alerts: AlertDraft[] = [];
  // Steps by their labels: an alert is read by the marketer who named them.
  const named = nodeNamer(run.document.nodes);
  if (run.status === 'failed' || run.status === 'partial') {
    const failedNodes = Object.entries(run.state.nodes).filter(([, n]) => n.status === 'failed').map(([id, n]) => ({ nodeId: id, error: n.error ?? null }));
    const why = run.note ?? failedNodes.map((n) => `${named(n.nodeId)}: ${n.error ?? 'failed'}`).join('; ');
    alerts.push({
      kind: run.status === 'failed' ? 'run_failed' : 'run_partial',
      severity: run.status === 'failed' ? 'critical' : 'warning',
      subject: '',
      message: `The run ${run.status === 'failed' ? 'failed' : 'partly failed'}${why ? `: ${why}` : '.'}`,
      details: { status: run.status, failedNodes },
    });
  }

  for (const output of outputsOf(run.document)) {
    const size = run.state.segments[output.segment]?.count;
    const sizeProblem = run.state.nodes[output.nodeId]?.problems.find((p) => p.code === 'segment_size');
    if (output.expect && (size !== undefined ? (output.expect.min !== undefined && size < output.expect.min) || (output.expect.max !== undefined && size > output.expect.max) : sizeProblem)) {
      const low = size !== undefined && output.expect.min !== undefined && size < output.expect.min;
      alerts.push({
        kind: 'segment_out_of_range',
        severity: 'warning',
        subject: output.segment,
        message: size !== undefined
          ? `Segment ${output.segment} has ${count.format(size)} customers, ${low ? 'below' : 'above'} the expected ${range(output.expect)}.`
          : sizeProblem!.message,
        details: { segment: output.segment, count: size ?? null, expect: output.expect },
      });
    }
    const maxChangePct = settings.outputs[output.segment]?.maxChangePct;
    const before = previous?.segments[output.segment]?.count;
    if (maxChangePct === undefined || size === undefined || before === undefined) continue;
    const changePct = before === 0 ? (size === 0 ? 0 : Infinity) : ((size - before) / before) * 100;
    if (Math.abs(changePct) <= maxChangePct) continue;
    const said = Number.isFinite(changePct) ? `${changePct < 0 ? 'fell' : 'grew'} ${percent(Math.abs(changePct))}` : 'grew from nothing';
    alerts.push({
      kind: 'segment_change',
      severity: 'warning',
      subject: output.segment,
      message: `Segment ${output.segment} ${said} (${count.format(before)} → ${count.format(size)}) since the previous successful run; more than the ${maxChangePct}% allowed.`,
      details: { segment: output.segment, before, after: size, changePct: Number.isFinite(changePct) ? Math.round(changePct * 10) / 10 : null, maxChangePct },
    });
  }

  for (const [nodeId, node] of Object.entries(run.state.nodes)) {
    const quality = node.problems.filter((p) => DATA_QUALITY_CODES.has(p.code) && Number.isFinite(leadingCount(p)));
    if (!quality.length) continue;
    // Partitions report separately: one sum per kind of warning (and column).
    const sums = new Map<string, { code: string; field?: string; affected: number }>();
    for (const p of quality) {
      const key = `${p.code}:${p.field ?? ''}`;
      const entry = sums.get(key) ?? { code: p.code, ...(p.field ? { field: p.field } : {}), affected: 0 };
      entry.affected += leadingCount(p);
      sums.set(key, entry);
    }
    const dropped = [...sums.values()].filter((s) => DROPPED_CODES.has(s.code)).reduce((sum, s) => sum + s.affected, 0);
    const read = Math.max(1, node.rows + dropped);
    for (const [key, s] of sums) {
      const pct = (s.affected / read) * 100;
      if (pct <= settings.dataQualityThreshold) continue;
      const what = s.code === 'missing_key' ? 'had an empty key and were dropped' : s.code === 'duplicate_key' ? 'repeated a key and were dropped' : `had unreadable values of "${s.field}"`;
      alerts.push({
        kind: 'data_quality',
        severity: 'warning',
        subject: `${nodeId}:${key}`,
        message: `${count.format(s.affected)} of ${count.format(read)} rows (${pct.toFixed(1)}%) at ${named(nodeId)} ${what}; the threshold is ${settings.dataQualityThreshold}%.`,
        details: { nodeId, code: s.code, field: s.field ?? null, affected: s.affected, rows: read, pct: Math.round(pct * 10) / 10, threshold: settings.dataQualityThreshold },
      });
    }
  }
  return alerts;
}
