import type { WorkflowInput } from '@segflow/engine';

/** What the web knows of a dataset for this: its name and the last day of each date column. */
interface DatasetDays {
  name: string;
  latest?: Record<string, string>;
}

const latestOf = (days: readonly (string | undefined)[]) =>
  days.filter((d): d is string => !!d).sort().at(-1);

/**
 * The last day the workflow's events run to: the latest day of each events
 * step's time column in its dataset. Undefined when no events step points at a
 * dataset with dates.
 */
export function eventsRunThrough(nodes: WorkflowInput['nodes'], datasets: readonly DatasetDays[]): string | undefined {
  const byName = new Map(datasets.map((d) => [d.name, d]));
  return latestOf(
    nodes
      .filter((n) => n.kind === 'events')
      .map((n) => {
        const { path, timestamp } = n.config as { path?: unknown; timestamp?: unknown };
        return typeof path === 'string' && typeof timestamp === 'string' ? byName.get(path)?.latest?.[timestamp] : undefined;
      }),
  );
}

/**
 * The day a new workflow counts as of: where its events run to, or, before it has
 * events steps, the last day found in any dataset up to today (a column of future
 * dates, like an expiry, must not push counts into the future).
 */
export function defaultAsOf(nodes: WorkflowInput['nodes'], datasets: readonly DatasetDays[], today: string): string | undefined {
  const fromEvents = eventsRunThrough(nodes, datasets);
  if (fromEvents) return fromEvents;
  return latestOf(datasets.flatMap((d) => Object.values(d.latest ?? {})).filter((day) => day <= today));
}

/** Today in the browser as `YYYY-MM-DD`. */
export const todayDay = (now = new Date()) =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
