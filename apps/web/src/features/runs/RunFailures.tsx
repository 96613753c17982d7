import type { FailedAndSkipped } from './run-failures.ts';

/** The steps that failed, why, and what they held back: what "Retry failed" would run again. */
export function RunFailures({ failures: { failed, skipped }, labelOf }: { failures: FailedAndSkipped; labelOf: (id: string) => string }) {
  if (!failed.length && !skipped.length) return null;
  return (
    <ul className="run-failures" aria-label="What went wrong" data-testid="run-failures">
      {failed.map((f) => {
        const line = <><strong>{labelOf(f.nodeId)}</strong> failed{f.attempts ? ` after ${f.attempts} attempts` : ''}: {f.message}</>;
        // The whole error unfolds only when it says more than its first line.
        return (
          <li key={f.nodeId} className="error-text">
            {f.detail.trim() === f.message ? line : (
              <details>
                <summary>{line}</summary>
                <pre className="run-failure-detail">{f.detail}</pre>
              </details>
            )}
          </li>
        );
      })}
      {skipped.length > 0 && <li className="muted">Not run because a step before failed: {skipped.map(labelOf).join(', ')}</li>}
    </ul>
  );
}
