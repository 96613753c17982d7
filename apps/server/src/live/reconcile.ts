import { fromStoredRow, toJson } from '@segflow/engine';
import type { PreviewService } from '../services/preview-service.ts';
import type { LiveStore } from './live.store.ts';
import type { StoredChange } from './live.store.ts';
import type { LiveVersion } from './live-version.ts';

/** The most members a segment may have for a reconcile to read it whole. */
export const MAX_RECONCILE_MEMBERS = 2_000_000;

export interface ReconcileReport {
  workflowId: string;
  version: number;
  at: string;
  trigger: string;
  segments: { segment: string; batch: number; live: number; missing: number; extra: number }[];
  fixed: number;
}

/**
 * Compares each segment of the live audience with a batch computation of the
 * same version over the workflow's sources (DuckDB), then makes the live one
 * equal to it: the missing enter and the extra exit, as ordinary changes
 * (delivered and streamed, cause `reconcile`). The report counts both.
 */
export async function reconcile(store: LiveStore, previews: PreviewService, version: LiveVersion, trigger: string): Promise<{ report: ReconcileReport; changes: StoredChange[] }> {
  const wf = version.workflowId;
  const { document } = version.compiled;
  const batches: { output: LiveVersion['outputs'][number]; members: Map<string, Record<string, unknown>> }[] = [];
  for (const output of version.outputs) {
    const { columns, rows } = await previews.nodeRows(wf, document, output.nodeId, { limit: MAX_RECONCILE_MEMBERS, cap: MAX_RECONCILE_MEMBERS });
    if (rows.length >= MAX_RECONCILE_MEMBERS) throw new Error(`The segment "${output.segment}" has more than ${MAX_RECONCILE_MEMBERS} customers: too many to reconcile.`);
    const members = new Map<string, Record<string, unknown>>();
    for (const stored of rows) {
      const row = fromStoredRow(stored, columns as never);
      const json = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toJson(v, output.types[k] as never)]));
      members.set(JSON.stringify(json[output.key]), json);
    }
    batches.push({ output, members });
  }

  const report: ReconcileReport = { workflowId: wf, version: version.compiled.version, at: new Date().toISOString(), trigger, segments: [], fixed: 0 };
  const changes: StoredChange[] = [];
  store.transaction(() => {
    for (const { output, members } of batches) {
      const live = new Set(store.members(wf, output.segment));
      const missing = [...members.keys()].filter((k) => !live.has(k));
      const extra = [...live].filter((k) => !members.has(k));
      const change = (key: string, enter: boolean) => {
        store.setMember(wf, output.segment, key, enter);
        changes.push(store.addChange({
          workflowId: wf, version: version.compiled.version, segment: output.segment, nodeId: output.nodeId,
          customerKey: key, change: enter ? 'enter' : 'exit', row: enter ? members.get(key)! : null, cause: 'reconcile',
        }));
      };
      for (const key of missing) change(key, true);
      for (const key of extra) change(key, false);
      report.segments.push({ segment: output.segment, batch: members.size, live: live.size, missing: missing.length, extra: extra.length });
      report.fixed += missing.length + extra.length;
    }
    store.addReconcile(wf, report);
  });
  return { report, changes };
}
