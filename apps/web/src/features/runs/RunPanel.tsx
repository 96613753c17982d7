import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RunMode } from '@segflow/engine';
import { Download, Play, Square } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { cancelRun, runKeys, segmentCsvUrl, startRun } from '../../api/runs.queries.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatCount, formatDay, formatDuration } from '../../app/format.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectAsOf, selectRunDefaults, selectWorkflowId } from '../../store/selectors.ts';
import { useFlushSave } from '../canvas/autosave-context.tsx';
import { useAnalysis } from '../problems/analysis-context.tsx';
import { RunStatusBadge } from '../workflows/run-status-badge.tsx';
import { nodeName } from '../canvas/node-name.ts';
import { AsOfField } from './AsOfField.tsx';
import { DryRunButton } from '../activation/DryRunButton.tsx';
import { Gantt } from './Gantt.tsx';
import { RetryFailed } from './RetryFailed.tsx';
import { RunAdvanced } from './RunAdvanced.tsx';
import { RunFailures } from './RunFailures.tsx';
import { runFailures, runNotes } from './run-failures.ts';
import { useActiveRun } from './run-context.tsx';
import { useElementWidth } from './use-element-width.ts';
import './runs.css';

// The chart library is the heaviest dependency; it loads when the comparison is first opened.
const ComparePanel = lazy(() => import('./ComparePanel.tsx').then((m) => ({ default: m.ComparePanel })));

const ACTIVE = new Set(['queued', 'running']);

/**
 * Start a run at the workflow's as-of, follow every step live, cancel, download
 * segments. Mode, parts, the step timeline and the mode comparison are under Advanced.
 */
export function RunPanel() {
  const workflowId = useEditor(selectWorkflowId);
  const defaults = useEditor(selectRunDefaults);
  const setActiveRun = useEditor((s) => s.setActiveRun);
  const labels = useEditor((s) => s.nodes);
  const run = useActiveRun();
  const flush = useFlushSave();
  const queryClient = useQueryClient();
  const { analysis } = useAnalysis();
  const [mode, setMode] = useState<RunMode>(defaults?.mode ?? 'hybrid');
  const [partitions, setPartitions] = useState(defaults?.partitions ?? 4);
  const [advanced, setAdvanced] = useState(false);
  const asOf = useEditor(selectAsOf);
  const [chartRef, chartWidth] = useElementWidth<HTMLDivElement>();
  const errors = analysis.problems.filter((p) => p.severity === 'error').length;
  const canRun = useCan('POST /api/workflows/:id/runs');
  const canCancel = useCan('POST /api/runs/:runId/cancel');
  // Measuring the modes runs the workflow on a sample: only roles that may run see it.
  const canCompare = useCan('POST /api/workflows/:id/compare');

  const start = useMutation({
    mutationFn: async () => {
      await flush();
      return startRun(workflowId, { mode, partitions: mode === 'sequential' ? 1 : partitions, ...(asOf ? { asOf } : {}) });
    },
    onSuccess: ({ runId }) => {
      setActiveRun(runId);
      queryClient.invalidateQueries({ queryKey: runKeys.history(workflowId) });
    },
  });
  const cancel = useMutation({ mutationFn: () => cancelRun(run!.state.runId) });
  const running = !!run && ACTIVE.has(run.state.status) && (run.live || run.state.lastSeq === 0);
  const labelOf = (id: string) => nodeName(labels.find((n) => n.id === id), id);
  const order = labels.map((n) => n.id);
  const failures = run ? runFailures(run.state, order) : undefined;
  const notes = run && failures ? runNotes(run.state, failures.failed, order) : [];

  return (
    <div className="run-panel">
      <div className="run-controls">
        <AsOfField className="field as-of-field" offerDataDay={false} />
        {running ? (
          <button type="button" className="btn btn-danger" onClick={() => cancel.mutate()} disabled={cancel.isPending || !canCancel}>
            <Square size={14} /> Cancel run
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => start.mutate()} disabled={start.isPending || errors > 0 || labels.length === 0 || !canRun}>
            <Play size={14} /> {start.isPending ? 'Starting…' : 'Start run'}
          </button>
        )}
        {!canRun && <p className="hint">Your role may look at runs but not start them.</p>}
        {errors > 0 && !running && <p className="hint">Fix {errors} problem{errors === 1 ? '' : 's'} first (see Problems).</p>}
        <ErrorNote error={start.error ?? cancel.error} />
        {canRun && <DryRunButton workflowId={workflowId} asOf={asOf} beforeRun={flush} />}
        <RunAdvanced open={advanced} onToggle={setAdvanced} mode={mode} onMode={setMode} partitions={partitions} onPartitions={setPartitions} />
      </div>
      <div className="run-main" ref={chartRef}>
        {!run ? (
          <p className="hint">Start a run, or open one from History, to follow it here and on the canvas.</p>
        ) : (
          <>
            <div className="panel-row run-summary" data-testid="run-summary">
              <RunStatusBadge status={run.state.status} />
              {run.state.asOf && <span className="muted">as of {formatDay(run.state.asOf)}</span>}
              {advanced && run.state.mode && <span className="muted">{run.state.mode} · {run.state.partitions} part{run.state.partitions === 1 ? '' : 's'}</span>}
              {run.state.ms !== undefined && <span className="muted">{formatDuration(run.state.ms)}</span>}
              {run.timeline.resumedAt.length > 0 && (
                <span className="run-resumes" title="Picked up again by a retry (or a server restart): steps that had finished were reused.">
                  · resumed {run.timeline.resumedAt.length === 1 ? 'once' : `${run.timeline.resumedAt.length} times`}
                </span>
              )}
              <RetryFailed run={run} workflowId={workflowId} />
              {run.error && <span className="error-text">{run.error}</span>}
              <span className="spacer" />
              {Object.entries(run.state.segments).map(([name, s]) => (
                <a key={name} className="chip segment-link" href={segmentCsvUrl(run.state.runId, name)} download={`${name}.csv`} title={`Download ${name} as CSV`}>
                  <Download size={12} /> {name} <b>{formatCount(s.count)}</b>
                  {s.suppressed ? <span className="muted"> · {formatCount(s.suppressed)} suppressed</span> : null}
                </a>
              ))}
            </div>
            {failures && <RunFailures failures={failures} labelOf={labelOf} />}
            {advanced && <Gantt timeline={run.timeline} order={order} labelOf={labelOf} live={run.live} width={chartWidth - 8} />}
            {notes.length > 0 && (
              <ul className="run-warnings">
                {notes.map(({ nodeId, problem }, i) => (
                  <li key={i} className={problem.severity === 'error' ? 'error-text' : 'warn-text'}>{labelOf(nodeId)}: {problem.message}</li>
                ))}
              </ul>
            )}
          </>
        )}
        {advanced && canCompare && (
          <section className="run-compare" aria-label="Compare modes">
            <h4>Compare modes</h4>
            <Suspense fallback={<p className="empty">Loading…</p>}>
              <ComparePanel />
            </Suspense>
          </section>
        )}
      </div>
    </div>
  );
}
