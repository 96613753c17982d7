import { dayOf, eventRetentionDays, membership, outputSettings, parseDate, readCustomer, toJson, type CustomerData, type CustomerJson, type InputProblem, type Row } from '@segflow/engine';
import type { CompiledVersion } from '../services/evaluate-service.ts';

/** An output of the version: the segment it names and how to write its rows as JSON. */
export interface LiveOutput {
  nodeId: string;
  segment: string;
  /** The key column of its rows. */
  key: string;
  types: Record<string, string>;
  destination: unknown;
}

/** A published version ready for live use: its evaluator, outputs, key columns and event window. */
export interface LiveVersion {
  workflowId: string;
  compiled: CompiledVersion;
  outputs: LiveOutput[];
  /** The profile's key column; events carry the customer under `eventKey`. */
  profileKey: string;
  eventKey?: string;
  eventTime?: string;
  retentionDays: number;
}

const DAY_MS = 86_400_000;
/** Events kept per customer beyond the window: the most the evaluator reads for one customer. */
export const MAX_LIVE_EVENTS = 10_000;

export function liveVersion(workflowId: string, compiled: CompiledVersion): LiveVersion {
  const { analysis, evaluator, document } = compiled;
  const sources = evaluator.customerSources.map((id) => analysis.schemas.get(id)!);
  const eventSchema = sources.find((s) => s.kind === 'events');
  // An output has the schema of what flows into it.
  const schemaOf = (id: string) => analysis.schemas.get(id) ?? analysis.schemas.get(analysis.adjacency.incoming.get(id)?.[0]?.source ?? '');
  const outputs = outputSettings(document).filter(({ node }) => evaluator.order.includes(node.id)).map(({ node, config }) => ({
    nodeId: node.id,
    segment: config.segment,
    key: schemaOf(node.id)?.key ?? '',
    types: Object.fromEntries((schemaOf(node.id)?.columns ?? []).map((c) => [c.name, c.type])),
    destination: config.destination,
  }));
  return {
    workflowId, compiled, outputs,
    profileKey: sources.find((s) => s.kind === 'population')?.key ?? '',
    eventKey: eventSchema?.key, eventTime: eventSchema?.timestamp,
    retentionDays: eventRetentionDays(document),
  };
}

/** As for runs and evaluate: the document's `run.asOf`, else today in UTC. */
export function asOfDay(version: LiveVersion, now: Date): number {
  return dayOf(parseDate(version.compiled.document.run?.asOf ?? now.toISOString().slice(0, 10))!);
}

/** The first moment whose events the workflow still reads, in ms (−Infinity: all of them). */
export const keepEventsFrom = (version: LiveVersion, day: number) =>
  Number.isFinite(version.retentionDays) ? (day - version.retentionDays - 1) * DAY_MS : -Infinity;

/** A profile upsert or an event checked against the version's columns; `key` is the customer's key as JSON. */
export type ReadItem =
  | { kind: 'profile'; key: string; values: Record<string, unknown> }
  | { kind: 'event'; key: string; id: string; atMs: number | null; values: Record<string, unknown> };

/** Checks one item; problems name the field as the caller sent it (`events[3].values.amount`). */
export function readItem(version: LiveVersion, item: { kind: 'profile'; values: Record<string, unknown> } | { kind: 'event'; id: string; values: Record<string, unknown> }, where: string): { item?: ReadItem; problems: InputProblem[] } {
  const { evaluator, analysis } = version.compiled;
  const rename = (problems: InputProblem[], from: string, to: string) => problems.map((p) => ({ ...p, field: p.field.replace(from, to) }));
  if (item.kind === 'profile') {
    const { data, problems } = readCustomer(evaluator, analysis, { profile: item.values, events: [] });
    if (!data) return { problems: rename(problems, 'profile', where) };
    return { item: { kind: 'profile', key: JSON.stringify(item.values[version.profileKey]), values: item.values }, problems: [] };
  }
  if (!version.eventKey) return { problems: [{ field: where, message: 'This workflow reads no events.' }] };
  const key = item.values[version.eventKey];
  if (key === undefined || key === null || key === '') return { problems: [{ field: `${where}.${version.eventKey}`, message: `The event needs the customer's key "${version.eventKey}".` }] };
  const input: CustomerJson = { profile: { [version.profileKey]: key }, events: [item.values] };
  const { data, problems } = readCustomer(evaluator, analysis, input);
  if (!data) return { problems: rename(rename(problems, 'events[0]', where), 'profile', where) };
  const row = Object.values(data.events)[0]?.[0];
  const at = version.eventTime ? row?.[version.eventTime] : null;
  return { item: { kind: 'event', key: JSON.stringify(key), id: item.id, atMs: typeof at === 'number' ? at : null, values: item.values }, problems: [] };
}

/**
 * A customer's membership of every output: true or false, or null when it
 * cannot be known (a rank without a finished run), with the output's row for members.
 * A customer without a profile is in no segment, as in a batch run. undefined
 * when the stored customer no longer fits the version's columns.
 */
export function evaluateCustomer(version: LiveVersion, profile: Record<string, unknown> | null, events: Record<string, unknown>[], day: number): Map<string, { in: boolean | null; row: Record<string, unknown> | null }> | undefined {
  const result = new Map<string, { in: boolean | null; row: Record<string, unknown> | null }>();
  if (!profile) {
    for (const o of version.outputs) result.set(o.nodeId, { in: false, row: null });
    return result;
  }
  const { evaluator, analysis } = version.compiled;
  const { data } = readCustomer(evaluator, analysis, { profile, events });
  // Stored under an earlier version whose columns differ: left as it is until a reconcile.
  if (!data) return undefined;
  const evaluated = evaluator.evaluate(data, day);
  for (const o of version.outputs) {
    const r = evaluated.nodes[o.nodeId];
    const member = membership(r);
    const row = member ? Object.fromEntries(Object.entries(r as Record<string, never>).map(([k, v]) => [k, toJson(v, o.types[k] as never)])) : null;
    result.set(o.nodeId, { in: member, row });
  }
  return result;
}

/** A customer as the workflow's own sources hold them, in the JSON the live state keeps. */
export function seedOf(version: LiveVersion, data: CustomerData): { profile: Record<string, unknown> | null; events: Record<string, unknown>[] } {
  const { analysis } = version.compiled;
  const json = (row: Row, id: string) => {
    const types = new Map(analysis.schemas.get(id)!.columns.map((c) => [c.name, c.type]));
    return Object.fromEntries(Object.entries(row).filter(([k]) => types.has(k)).map(([k, v]) => [k, toJson(v, types.get(k)!)]));
  };
  const [profileId, profile] = Object.entries(data.profiles).find(([, p]) => p) ?? [];
  const [eventsId, events] = Object.entries(data.events)[0] ?? [];
  return { profile: profile && profileId ? json(profile, profileId) : null, events: eventsId ? (events ?? []).map((e) => json(e, eventsId)) : [] };
}
