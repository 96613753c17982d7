import type { NodeRunState, RunState } from '../run/reduce-run-event.ts';
import type { RunEvent } from '../run/run-events.ts';

/** The JSON the CLI prints with --json (spec: "CLI"). */
export function runJson(state: RunState) {
  const nodes = Object.fromEntries(
    Object.entries(state.nodes).map(([id, n]) => [id, { status: n.status, rows: Math.round(n.rows), ms: Math.round(n.ms), ...(n.error ? { error: n.error } : {}), ...(n.problems.length ? { problems: n.problems } : {}) }]),
  );
  const segments = Object.fromEntries(Object.entries(state.segments).map(([name, s]) => [name, { count: Math.round(s.count), path: s.path }]));
  return { status: state.status, mode: state.mode, asOf: state.asOf, partitions: state.partitions, nodes, segments };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padLeft = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** A per-node table for people. */
export function formatRunTable(state: RunState, kinds: Map<string, string>): string {
  const rows = Object.entries(state.nodes).map(([id, n]: [string, NodeRunState]) => [
    id, kinds.get(id) ?? '', n.status, n.rows.toLocaleString('en-US'), `${n.ms}`, String(n.partitionCount), n.error ?? n.problems.map((p) => p.message).join(' '),
  ]);
  const head = ['node', 'kind', 'status', 'rows', 'ms', 'parts', 'notes'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  widths[6] = 0;
  const line = (r: string[]) => r.map((c, i) => (i === 3 || i === 4 ? padLeft(c, widths[i]) : pad(c, widths[i]))).join('  ').trimEnd();
  const segments = Object.entries(state.segments).map(([name, s]) => `  ${name}: ${s.count.toLocaleString('en-US')} customers → ${s.path}`);
  return [line(head), ...rows.map(line), '', `run ${state.status} in ${state.ms ?? 0} ms (${state.mode}, ${state.partitions} partitions, as of ${state.asOf})`, ...(segments.length ? ['segments:', ...segments] : [])].join('\n');
}

/** One progress line per finished step, for stderr. */
export function progressLine(event: RunEvent): string | undefined {
  const part = 'partition' in event && event.partition !== undefined ? ` [p${event.partition}]` : '';
  switch (event.type) {
    case 'node-succeeded': return `✓ ${event.nodeId}${part} ${event.rows.toLocaleString('en-US')} rows, ${event.ms} ms`;
    case 'node-warned': return `! ${event.nodeId}${part} ${event.rows.toLocaleString('en-US')} rows: ${event.problems.map((p) => p.message).join(' ')}`;
    case 'node-failed': return `✗ ${event.nodeId}${part} ${event.error}`;
    case 'node-skipped': return `- ${event.nodeId}${part} skipped`;
    default: return undefined;
  }
}
