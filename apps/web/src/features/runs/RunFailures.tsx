import type { RunState } from '@segflow/engine';
import { runFailures } from './run-failures.ts';

/** The steps that failed, why, and what they held back: what "Retry failed" would run again. */
export function RunFailures({ state, order, labelOf }: { state: RunState; order: readonly string[]; labelOf: (id: string) => string }) {
  const { failed, skipped } = runFailures(state, order);
  if (!failed.length && !skipped.length) return null;
  return (
    <ul className="run-failures" aria-label="What went wrong" data-testid="run-failures">
      {failed.map((f) => (
        <li key={f.nodeId} className="error-text">
          <details>
            <summary>
              <strong>{labelOf(f.nodeId)}</strong> failed{f.attempts ? ` after ${f.attempts} attempts` : ''}: {f.message}
            </summary>
            <pre className="run-failure-detail">{f.detail}</pre>
          </details>
        </li>
      ))}
      {skipped.length > 0 && <li className="muted">Not run because a step before failed: {skipped.map(labelOf).join(', ')}</li>}
    </ul>
  );
}
