import type { RunEvent } from '@segflow/engine';
import type { Receiver } from '../../../../packages/engine/test/destinations/receiver.ts';
import { csvKeys, hookBatches, type ExpectedSegments } from './fault-workflow.ts';
import type { Postgres } from './postgres.ts';
import type { Api } from './server-process.ts';

/** What the suite adds up and prints at the end. */
export interface Figures {
  trials: number;
  kills: number;
  runsResumed: number;
  /** Webhook batches the segments make, and how many the receiver applied. */
  batches: number;
  batchesApplied: number;
  batchesLost: number;
  /** Members the receiver applied twice (across batches: its key de-duplication cannot hide these). */
  rowsDuplicated: number;
  rowsLost: number;
  /** POSTs of a batch the receiver had already applied (a kill between its answer and the ledger): de-duplicated by Idempotency-Key. */
  batchesResent: number;
  /** POSTs beyond the first of a batch, for any reason (a kill mid-request, a retry). */
  postsRepeated: number;
  tableRows: number;
  tableSegment: number;
  tableMissing: number;
  tableExtra: number;
  fileRows: number;
  fileSegment: number;
  /** Change-only trials: entered and exited keys to send, those lost (or sent though not a change), those applied twice. */
  changeTrials: number;
  changesSent: number;
  changesLost: number;
  changesDuplicated: number;
  /** Queue mode: steps of a run executed as tasks, and those executed twice (a worker killed while executing them). */
  tasks: number;
  tasksRerun: number;
}

export const emptyFigures = (): Figures => ({
  trials: 0, kills: 0, runsResumed: 0, batches: 0, batchesApplied: 0, batchesLost: 0, rowsDuplicated: 0, rowsLost: 0, batchesResent: 0, postsRepeated: 0,
  tableRows: 0, tableSegment: 0, tableMissing: 0, tableExtra: 0, fileRows: 0, fileSegment: 0, changeTrials: 0, changesSent: 0, changesLost: 0, changesDuplicated: 0, tasks: 0, tasksRerun: 0,
});

export const add = (into: Figures, more: Partial<Figures>) => {
  for (const [k, v] of Object.entries(more)) into[k as keyof Figures] += v ?? 0;
};

const missingFrom = (want: string[], have: Set<string>) => want.filter((id) => !have.has(id)).length;

export interface Deliveries {
  figures: Partial<Figures>;
  problems: string[];
}

/** What the receiver got from the run's webhook output, against the segment. */
export function checkWebhook(receiver: Receiver, runId: string, expected: ExpectedSegments, nodeId = 'out_hook'): Deliveries {
  const total = hookBatches(expected);
  const prefix = `${runId}:${nodeId}:`;
  const applied = [...receiver.applied.entries()].filter(([key]) => key.startsWith(prefix));
  const ids = applied.flatMap(([, rows]) => rows.map((r) => String(r.customer_id)));
  const distinct = new Set(ids);
  const sends = [...receiver.sends().entries()].filter(([key]) => key.startsWith(prefix));
  const figures = {
    batches: total,
    batchesApplied: applied.length,
    batchesLost: total - applied.length,
    rowsDuplicated: ids.length - distinct.size,
    rowsLost: missingFrom(expected.engaged, distinct),
    postsRepeated: sends.reduce((n, [, count]) => n + count - 1, 0),
  };
  const problems: string[] = [];
  if (figures.batchesLost) problems.push(`${figures.batchesLost} of ${total} webhook batches never applied`);
  if (figures.rowsDuplicated) problems.push(`${figures.rowsDuplicated} members applied twice`);
  if (figures.rowsLost) problems.push(`${figures.rowsLost} members of the engaged segment never delivered`);
  if (distinct.size !== expected.engaged.length) problems.push(`webhook delivered ${distinct.size} members, the segment has ${expected.engaged.length}`);
  return { figures, problems };
}

/** The postgres table against the dormant segment. */
export function checkTable(pg: Postgres, table: string, expected: ExpectedSegments): Deliveries {
  const rows = pg.column(table, 'customer_id') ?? [];
  const have = new Set(rows);
  const want = new Set(expected.dormant);
  const figures = {
    tableRows: rows.length, tableSegment: expected.dormant.length,
    tableMissing: missingFrom(expected.dormant, have), tableExtra: rows.filter((id) => !want.has(id)).length,
  };
  const problems = figures.tableMissing || figures.tableExtra || rows.length !== want.size
    ? [`table ${table} has ${rows.length} rows (${figures.tableMissing} missing, ${figures.tableExtra} extra); the segment has ${want.size}`]
    : [];
  return { figures, problems };
}

/** The CSV output, downloaded through the API, against the new_pros segment. */
export async function checkFile(api: Api, runId: string, expected: ExpectedSegments): Promise<Deliveries> {
  const { status, body } = await api.request('GET', `/api/runs/${runId}/segments/new_pros.csv`);
  const ids = status === 200 ? csvKeys(String(body)) : [];
  const same = ids.length === expected.new_pros.length && ids.every((id, i) => id === expected.new_pros[i]);
  return { figures: { fileRows: ids.length, fileSegment: expected.new_pros.length }, problems: same ? [] : [`the CSV output has ${ids.length} rows (HTTP ${status}), the segment ${expected.new_pros.length}`] };
}

/**
 * The stored event log of a run: seqs 1..N without a gap or a repeat, ending in
 * the run-finished of the run's status, and no node that a run-resumed event
 * counts as completed started again after it.
 */
export function checkEvents(events: RunEvent[], status: string): string[] {
  const problems: string[] = [];
  const gaps = events.filter((e, i) => e.seq !== i + 1);
  if (gaps.length) problems.push(`event seqs are not 1..${events.length}: first off at seq ${gaps[0].seq}`);
  const last = events.at(-1);
  if (last?.type !== 'run-finished' || last.status !== status) problems.push(`the log ends with ${last?.type} ${(last as { status?: string })?.status ?? ''}, not run-finished ${status}`);
  events.forEach((e, i) => {
    if (e.type !== 'run-resumed') return;
    const again = events.slice(i + 1).filter((l) => l.type === 'node-started' && e.completed.includes(l.nodeId));
    if (again.length) problems.push(`finished nodes recomputed after resume: ${[...new Set(again.map((l) => (l as { nodeId: string }).nodeId))].join(', ')}`);
  });
  return problems;
}

/**
 * A follower that was cut off by the crash and came back with Last-Event-ID
 * must have seen the stored log exactly: nothing lost, nothing twice.
 */
export function checkFollowed(seen: RunEvent[], stored: RunEvent[]): string[] {
  const off = stored.findIndex((e, i) => seen[i]?.seq !== e.seq || seen[i]?.type !== e.type);
  if (off >= 0) return [`the follower's stream differs from the stored log at seq ${off + 1}: saw ${seen[off]?.seq} ${seen[off]?.type ?? 'nothing'}`];
  return seen.length > stored.length ? [`the follower saw ${seen.length - stored.length} events more than stored`] : [];
}
