import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { runHistoryQuery } from '../../api/runs.queries.ts';
import { publishWorkflow, versionKeys, versionQuery, versionsQuery } from '../../api/versions.queries.ts';
import { workflowKeys } from '../../api/workflows.queries.ts';
import { Dialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatCount, formatDay } from '../../app/format.ts';
import { useEditor, useEditorStoreApi } from '../../store/editor-provider.tsx';
import { selectDocument, selectWorkflowId } from '../../store/selectors.ts';
import { useFlushSave } from '../canvas/autosave-context.tsx';
import { usePreview } from '../preview/preview-context.tsx';
import { useAnalysis } from '../problems/analysis-context.tsx';
import { nodeName } from '../canvas/node-name.ts';
import { diffChangesSomething, diffDocuments } from '@segflow/contract';
import { DiffList } from './DiffList.tsx';
import { DryRunButton } from '../activation/DryRunButton.tsx';
import { LiveAudienceSection } from '../live/LiveAudienceSection.tsx';
import { baselineRun, sameAsOf, segmentChanges, todayUtc } from './segment-changes.ts';
import './publish.css';

/** Publishing: a note, what changed since the last version, and how each segment's size moves. */
export function PublishDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const workflowId = useEditor(selectWorkflowId);
  const doc = useEditor(selectDocument);
  const store = useEditorStoreApi();
  const flush = useFlushSave();
  const queryClient = useQueryClient();
  const { counts, asOf } = usePreview();
  const { analysis } = useAnalysis();
  const [note, setNote] = useState('');
  const versions = useQuery({ ...versionsQuery(workflowId), enabled: open });
  const latest = versions.data?.[0]?.n;
  const published = useQuery({ ...versionQuery(workflowId, latest ?? 0), enabled: open && latest !== undefined });
  const runs = useQuery({ ...runHistoryQuery(workflowId), enabled: open });
  const errors = analysis.problems.filter((p) => p.severity === 'error');

  useEffect(() => {
    if (open) void flush();
  }, [open, flush]);

  const publish = useMutation({
    mutationFn: async () => {
      await flush();
      return publishWorkflow(workflowId, note.trim());
    },
    onSuccess: (version) => {
      queryClient.invalidateQueries({ queryKey: versionKeys.list(workflowId) });
      queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      store.getState().notify(`Published version ${version.n}.`);
      store.getState().setPanel('versions');
      setNote('');
      onClose();
    },
  });

  const labelOf = (id: string) => {
    const n = doc.nodes.find((node) => node.id === id) ?? published.data?.document.nodes.find((node) => node.id === id);
    return nodeName(n && { id: n.id, data: { kind: n.kind, label: n.label } }, id);
  };
  const loadingBase = versions.isPending || (latest !== undefined && published.isPending);
  const diff = loadingBase ? undefined : diffDocuments(published.data?.document, doc);
  const outputs = doc.nodes.filter((n) => n.kind === 'output').length;
  // Publishing the same steps again would only make a version nobody can tell apart (the server refuses it too).
  const unchanged = latest !== undefined && diff !== undefined && !diffChangesSomething(diff);
  // The server pairs each version with its newest succeeded run; history is the fallback.
  const publishedRun = versions.data?.[0]?.lastRun;
  const baseline = publishedRun?.segments ? { asOf: publishedRun.asOf, segments: publishedRun.segments } : baselineRun(runs.data, latest);
  const segments = segmentChanges(doc, counts, baseline);
  const comparable = sameAsOf(baseline?.asOf, asOf);
  const previewDay = asOf || todayUtc();

  return (
    <Dialog
      open={open}
      title={unchanged ? `No changes since version ${latest}` : latest ? `Publish version ${latest + 1}` : 'Publish the first version'}
      onClose={onClose}
      wide
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-primary" onClick={() => publish.mutate()} disabled={publish.isPending || errors.length > 0 || unchanged}>
            {publish.isPending ? 'Publishing…' : 'Publish'}
          </button>
        </>
      }
    >
      <p className="hint">A published version is fixed: scheduled and external deliveries use it, while you keep editing the draft.</p>
      {unchanged && <p className="hint" data-testid="no-changes"><strong>No changes since version {latest}</strong>: the draft is what version {latest} publishes already. Change a step to publish a new version.</p>}
      {errors.length > 0 && <p className="error-text">Fix {errors.length} problem{errors.length === 1 ? '' : 's'} before publishing.</p>}
      <label className="field">
        <span>What changed, in a sentence</span>
        <textarea className="textarea" rows={2} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Raised the income threshold to 60k" />
      </label>
      <section className="publish-section">
        <h4>Segment sizes</h4>
        {segments.length === 0 ? (
          <p className="hint">This workflow has no segment outputs.</p>
        ) : (
          <>
          {!comparable && (
            <p className="hint" data-testid="as-of-mismatch">
              The last run counted as of {formatDay(baseline?.asOf)} and the preview counts as of {formatDay(previewDay)}: the sizes are not
              comparable, so no change is shown. Set As of to {formatDay(baseline?.asOf)} to compare like with like.
            </p>
          )}
          <table className="table" data-testid="segment-changes">
            <thead>
              <tr>
                <th>Segment</th>
                <th className="num">Last run{baseline?.asOf ? `, as of ${formatDay(baseline.asOf)}` : ''}</th>
                <th className="num">Now (preview), as of {formatDay(previewDay)}</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {segments.map((s) => {
                const delta = comparable && s.before !== undefined && s.after ? s.after.rows - s.before : undefined;
                return (
                  <tr key={s.segment}>
                    <td>
                      {s.segment}
                      {s.words && <div className="hint segment-words" data-testid="segment-words">{s.words}.</div>}
                    </td>
                    <td className="num">{s.before !== undefined ? formatCount(s.before) : '—'}</td>
                    <td className="num">{s.after ? formatCount(s.after.rows, s.after.exact) : 'removed or unknown'}</td>
                    <td className={`num ${delta === undefined ? '' : delta > 0 ? 'delta-up' : delta < 0 ? 'delta-down' : ''}`}>
                      {delta !== undefined ? `${delta > 0 ? '+' : ''}${formatCount(delta)}` : !comparable && s.before !== undefined ? 'other day' : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          </>
        )}
      </section>
      <section className="publish-section">
        <h4>Next delivery</h4>
        <DryRunButton workflowId={workflowId} asOf={asOf} beforeRun={flush} />
      </section>
      <section className="publish-section">
        <h4>Live audience</h4>
        <LiveAudienceSection workflowId={workflowId} published={latest !== undefined} />
      </section>
      <section className="publish-section">
        <h4>{latest ? `Changes since version ${latest}` : 'Contents'}</h4>
        <ErrorNote error={versions.error ?? published.error} />
        {!diff ? (
          <p className="hint">Loading the last version…</p>
        ) : latest ? (
          <DiffList diff={diff} labelOf={labelOf} />
        ) : (
          <p data-testid="diff-list">
            {doc.nodes.length} steps, {(doc.edges ?? []).length} connections, {outputs} segment{outputs === 1 ? '' : 's'}.
          </p>
        )}
      </section>
      <ErrorNote error={publish.error} />
    </Dialog>
  );
}
