import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { alertKeys, alertSettingsQuery, saveAlertSettings, type AlertSettingsChange } from '../../api/alerts.queries.ts';
import { historyKeys, historyQuery } from '../../api/history.queries.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ErrorNote } from '../../app/error-message.tsx';

const numberOrUndefined = (text: string) => (text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text));

/** Per segment the change that alerts, the data-quality threshold, and where alerts go. */
export function AlertSettingsForm({ workflowId }: { workflowId: string }) {
  const queryClient = useQueryClient();
  const settings = useQuery(alertSettingsQuery(workflowId));
  const history = useQuery(historyQuery(workflowId));
  const canSave = useCan('PUT /api/workflows/:id/alert-settings');
  const [changes, setChanges] = useState<Record<string, string>>({});
  const [quality, setQuality] = useState('');
  const [webhook, setWebhook] = useState('');
  const save = useMutation({
    mutationFn: (change: AlertSettingsChange) => saveAlertSettings(workflowId, change),
    onSuccess: (saved) => {
      queryClient.setQueryData(alertKeys.settings(workflowId), saved);
      void queryClient.invalidateQueries({ queryKey: historyKeys.workflow(workflowId) });
      setWebhook('');
    },
  });

  useEffect(() => {
    if (!settings.data) return;
    setChanges(Object.fromEntries(Object.entries(settings.data.outputs).map(([s, o]) => [s, o.maxChangePct === undefined ? '' : String(o.maxChangePct)])));
    setQuality(String(settings.data.dataQualityThreshold));
  }, [settings.data]);

  if (!settings.data) return <ErrorNote error={settings.error} />;
  const segments = history.data?.outputs.map((o) => o.segment) ?? Object.keys(settings.data.outputs);
  const { webhook: target } = settings.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const outputs = Object.fromEntries(segments.map((s) => [s, { maxChangePct: numberOrUndefined(changes[s] ?? '') }]).filter(([, o]) => (o as { maxChangePct?: number }).maxChangePct !== undefined));
    save.mutate({ outputs, dataQualityThreshold: numberOrUndefined(quality), ...(webhook.trim() ? { webhookUrl: webhook.trim() } : {}) });
  };

  return (
    <form className="alert-settings" aria-label="Alert settings" onSubmit={submit}>
      <h4>Alert when</h4>
      {segments.map((s) => (
        <label key={s} className="field">
          <span>{s} changes by more than (%)</span>
          <input className="input" type="number" min={0} step="any" placeholder="no limit" value={changes[s] ?? ''} disabled={!canSave} onChange={(e) => setChanges({ ...changes, [s]: e.target.value })} />
        </label>
      ))}
      <label className="field">
        <span>Data-quality warnings above (% of a source’s rows)</span>
        <input className="input" type="number" min={0} max={100} step="any" value={quality} disabled={!canSave} onChange={(e) => setQuality(e.target.value)} />
      </label>
      <label className="field">
        <span>Webhook</span>
        <input className="input" type="url" placeholder={target.own ? `sends to ${target.own}` : target.server ? 'the server’s webhook' : 'https://…'} value={webhook} disabled={!canSave} onChange={(e) => setWebhook(e.target.value)} />
      </label>
      <p className="hint">
        {target.own ? `Alerts go to ${target.own}.` : target.server ? 'Alerts go to the server’s webhook.' : 'No webhook: alerts show here and under the bell.'}
        {target.own && canSave && <> <button type="button" className="btn btn-sm btn-ghost" onClick={() => save.mutate({ webhookUrl: null })}>Remove</button></>}
      </p>
      {canSave && <button type="submit" className="btn" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</button>}
      {save.isSuccess && !save.isPending && <p className="hint">Saved.</p>}
      <ErrorNote error={save.error} />
    </form>
  );
}
