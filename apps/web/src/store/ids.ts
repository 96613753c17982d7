/** `base_1`, `base_2`…: the first not taken. Ids stay stable; labels are only labels. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 56) || 'node';
  for (let i = 1; ; i++) {
    const id = `${stem}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * A new step's name: its kind's ("Filter"), numbered when another step has it
 * ("Filter 2"), so problems and lists name it as its card does, never by its id.
 */
export function uniqueLabel(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}
