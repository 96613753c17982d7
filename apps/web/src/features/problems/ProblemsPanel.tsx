import { PROBLEM_CODES } from '@segflow/engine';
import { CheckCircle2, CircleAlert, Loader2, TriangleAlert } from 'lucide-react';
import { errorText } from '../../app/error-message.tsx';
import { useEditor } from '../../store/editor-provider.tsx';
import { usePreview } from '../preview/preview-context.tsx';
import { nodeName } from '../canvas/node-name.ts';
import { useAnalysis } from './analysis-context.tsx';
import './problems.css';

/** Every problem, browser's and server's; a click selects the node and brings it into view. */
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
          <><Loader2 size={13} className="spin" /> Checked in your browser; the server is checking the data files…</>
        ) : serverError ? (
          <>Checked in your browser. The server could not check: {errorText(serverError)}</>
        ) : (
          <>Checked in your browser and by the server.</>
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
                <span className="problem-code" title={PROBLEM_CODES[p.code] ?? ''}>{p.from === 'server' ? 'server · ' : ''}{p.code.replaceAll('_', ' ')}</span>
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
