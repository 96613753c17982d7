import { PROBLEM_CODES, type ProblemCode } from '@segflow/engine';
import { CheckCircle2, CircleAlert, Loader2, TriangleAlert } from 'lucide-react';
import { errorText } from '../../app/error-message.tsx';
import { useEditor } from '../../store/editor-provider.tsx';
import { usePreview } from '../preview/preview-context.tsx';
import { nodeName } from '../canvas/node-name.ts';
import { useAnalysis } from './analysis-context.tsx';
import './problems.css';

/** What a problem is about, in a word a marketer uses (its code's meaning is the tooltip). */
export const PROBLEM_TOPICS: Record<ProblemCode, string> = {
  invalid_document: 'file', duplicate_id: 'repeated id', unknown_kind: 'unknown step', unknown_node: 'connection', duplicate_edge: 'connection',
  cycle: 'loop', missing_input: 'not connected', too_many_inputs: 'connection', wrong_input: 'connection', unknown_field: 'column',
  type_mismatch: 'value', field_conflict: 'column', duplicate_segment: 'segment name', duplicate_output_path: 'file name',
  invalid_config: 'settings', unreadable_source: 'data file', disconnected: 'not used', no_output: 'no output', missing_key: 'data',
  duplicate_key: 'data', invalid_value: 'data', segment_size: 'segment size', node_failed: 'failed',
};

/** Every problem, found as one edits and against the data files; a click selects the node and brings it into view. */
export function ProblemsPanel() {
  const { problems } = useAnalysis();
  const { serverChecking, serverError } = usePreview();
  const revealNode = useEditor((s) => s.revealNode);
  const labels = useEditor((s) => s.nodes);
  const labelOf = (id: string) => nodeName(labels.find((node) => node.id === id), id);

  return (
    <div className="problems">
      <p className="problems-status hint" aria-live="polite">
        {serverChecking ? (
          <><Loader2 size={13} className="spin" /> Checked as you edit; checking against your data files…</>
        ) : serverError ? (
          <>Checked as you edit. Your data files could not be checked: {errorText(serverError)}</>
        ) : (
          <>Checked as you edit and against your data files.</>
        )}
      </p>
      {problems.length === 0 ? (
        <p className="problems-none"><CheckCircle2 size={16} /> No problems. The workflow is ready to run.</p>
      ) : (
        <ul className="problems-list">
          {problems.map((p, i) => {
            const Icon = p.severity === 'error' ? CircleAlert : TriangleAlert;
            const body = (
              <>
                <Icon size={15} className={p.severity === 'error' ? 'bad' : 'warn'} aria-label={p.severity} />
                <span className="problem-message">{p.message}</span>
                {p.nodeId && <span className="chip problem-node">{labelOf(p.nodeId)}</span>}
                <span className="problem-code" title={PROBLEM_CODES[p.code] ?? ''}>{PROBLEM_TOPICS[p.code] ?? p.code.replaceAll('_', ' ')}</span>
              </>
            );
            return (
              <li key={i}>
                {p.nodeId ? (
                  <button type="button" className="problem-row" onClick={() => revealNode(p.nodeId!)}>{body}</button>
                ) : (
                  <div className="problem-row">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
