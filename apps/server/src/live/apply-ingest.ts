import { parseDate, parseTimestamp } from '@segflow/engine';
import type { LiveStore, StoredChange } from './live.store.ts';
import { evaluateCustomer, keepEventsFrom, MAX_LIVE_EVENTS, type LiveVersion, type ReadItem } from './live-version.ts';

export interface Seed {
  profile: Record<string, unknown> | null;
  events: Record<string, unknown>[];
}

export interface Applied {
  accepted: number;
  duplicates: number;
  profiles: number;
  changes: StoredChange[];
}

/**
 * Writes one workflow's share of an ingest call and every enter and exit it
 * causes, in one transaction: each customer's profile is merged, their new
 * events stored (an id stored before is skipped), events the workflow can no
 * longer see dropped, and their membership re-evaluated and compared with
 * the stored one. A customer the live audience has not seen starts from
 * `seeds` (their rows in the workflow's own sources), when given.
 */
export function applyIngest(store: LiveStore, version: LiveVersion, items: ReadItem[], day: number, seeds: Map<string, Seed>): Applied {
  const wf = version.workflowId;
  const applied: Applied = { accepted: 0, duplicates: 0, profiles: 0, changes: [] };
  const byCustomer = new Map<string, ReadItem[]>();
  for (const item of items) byCustomer.set(item.key, [...(byCustomer.get(item.key) ?? []), item]);
  const keepFrom = keepEventsFrom(version, day);

  store.transaction(() => {
    for (const [key, own] of byCustomer) {
      let profile = store.customer(wf, key)?.profile;
      if (profile === undefined) {
        const seed = seeds.get(key);
        profile = seed?.profile ?? null;
        seed?.events.forEach((e, i) => store.addEvent(wf, `source:${key}:${i}`, key, eventTime(version, e), e));
      }
      let cause: string | undefined;
      for (const item of own) {
        if (item.kind === 'profile') {
          profile = { ...(profile ?? {}), ...item.values };
          applied.profiles++;
          cause = 'profile';
        } else if (store.addEvent(wf, item.id, key, item.atMs, item.values)) {
          applied.accepted++;
          cause = `event:${item.id}`;
        } else applied.duplicates++;
      }
      store.putCustomer(wf, key, profile);
      if (!cause) continue;
      store.pruneEvents(wf, key, keepFrom, MAX_LIVE_EVENTS);
      const now = evaluateCustomer(version, profile, store.events(wf, key), day);
      if (!now) continue;
      applied.changes.push(...changeMembership(store, version, key, now, cause));
    }
  });
  return applied;
}

/** Records enters and exits where `now` differs from the stored membership; unknown (null) changes nothing. */
export function changeMembership(store: LiveStore, version: LiveVersion, key: string, now: Map<string, { in: boolean | null; row: Record<string, unknown> | null }>, cause: string): StoredChange[] {
  const wf = version.workflowId;
  const was = store.segmentsOf(wf, key);
  const changes: StoredChange[] = [];
  for (const output of version.outputs) {
    const member = now.get(output.nodeId)?.in;
    if (member === null || member === undefined || member === was.has(output.segment)) continue;
    store.setMember(wf, output.segment, key, member);
    changes.push(store.addChange({
      workflowId: wf, version: version.compiled.version, segment: output.segment, nodeId: output.nodeId,
      customerKey: key, change: member ? 'enter' : 'exit', row: now.get(output.nodeId)?.row ?? null, cause,
    }));
  }
  return changes;
}

function eventTime(version: LiveVersion, event: Record<string, unknown>): number | null {
  const value = version.eventTime ? event[version.eventTime] : null;
  if (typeof value !== 'string') return null;
  return (value.length === 10 ? parseDate(value) : parseTimestamp(value)) ?? null;
}
