import { useInfiniteQuery } from '@tanstack/react-query';
import { auditLogQuery } from '../../api/audit.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatTime, formatWhen } from '../../app/format.ts';
import { auditActor, describeAuditEntry } from './audit-text.ts';

/** Who published, restored, deleted, and changed accounts and tokens: newest first, older on demand. */
export function AuditLog() {
  const log = useInfiniteQuery(auditLogQuery());
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <section className="card audit-log" aria-labelledby="audit-title">
      <div className="card-head">
        <h3 id="audit-title">Audit log</h3>
        <span className="hint">Publishing, restoring, deleting, accounts and API tokens.</span>
      </div>
      {log.isPending ? (
        <p className="empty">Loading the log…</p>
      ) : log.isError ? (
        <div className="empty"><ErrorNote error={log.error} /></div>
      ) : entries.length === 0 ? (
        <p className="empty">Nothing recorded yet.</p>
      ) : (
        <table className="table" data-testid="audit-log">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td className="muted audit-when" title={formatTime(e.at)}>{formatWhen(e.at)}</td>
                <td className="audit-who">{auditActor(e)}</td>
                <td>
                  {describeAuditEntry(e)}
                  {e.details.via === 'token' && <span className="chip audit-via">with an API token</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <div className="card-foot">
          <button type="button" className="btn btn-sm" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
            {log.isFetchingNextPage ? 'Loading…' : 'Show older'}
          </button>
        </div>
      )}
    </section>
  );
}
