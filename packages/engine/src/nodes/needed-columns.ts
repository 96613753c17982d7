/** Helpers for `columnsNeeded` in the node kinds. */

/** `downstream` with the node's own new column taken out (its input's column of that name is replaced). */
export function withoutOwn(downstream: ReadonlySet<string>, own: string): Set<string> {
  const needed = new Set(downstream);
  needed.delete(own);
  return needed;
}

/** `downstream` plus the columns the node reads itself. */
export function plus(downstream: ReadonlySet<string>, read: Iterable<string | undefined>): Set<string> {
  const needed = new Set(downstream);
  for (const name of read) if (name) needed.add(name);
  return needed;
}
