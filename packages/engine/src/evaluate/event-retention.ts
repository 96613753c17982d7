/**
 * How many days of a customer's events a workflow reads, counted back from
 * as-of: the longest behaviour window (`withinDays`), sequence window
 * (`lookbackDays` + `withinDays`) or aggregate window of the document.
 * Infinity when anything reads events without a window (an all-time count, a
 * days-since-first), so a live audience keeps only what its rules can see.
 *
 * @example
 *   eventRetentionDays({ nodes: [{ kind: 'filter', config: { condition: { rules: [{ behavior: { fn: 'count', withinDays: 30 } }] } } }] }) // 30
 */
export function eventRetentionDays(document: unknown): number {
  let longest = 0;
  let unbounded = false;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (typeof o.lookbackDays === 'number') longest = Math.max(longest, o.lookbackDays + (typeof o.withinDays === 'number' ? o.withinDays : 0));
    else if (typeof o.fn === 'string' && !('withinDays' in o) && isEventFunction(o.fn)) unbounded = true;
    else if (typeof o.fn === 'string' && typeof o.withinDays === 'number') longest = Math.max(longest, o.withinDays);
    for (const child of Object.values(o)) visit(child);
  };
  const nodes = (document as { nodes?: { kind?: string; config?: unknown }[] } | null)?.nodes ?? [];
  for (const node of nodes) visit(node.config);
  // A document that reads events but names no window anywhere keeps them all.
  return unbounded || longest === 0 ? Infinity : longest;
}

const EVENT_FUNCTIONS = new Set(['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'days_since_last', 'days_since_first']);
const isEventFunction = (fn: string) => EVENT_FUNCTIONS.has(fn);
