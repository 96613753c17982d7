import { formatCount } from '../../app/format.ts';

/** A region of an overlap: the customers in exactly these steps (indexes into the steps' names). */
export interface Region {
  sets: number[];
  count: number;
}

const listed = (names: string[]) => (names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/**
 * A region as a marketer says it: "Only in VIP", "In both", "In all 3",
 * "In VIP and Recent, not Big".
 */
export function regionLabel(sets: readonly number[], names: readonly string[]): string {
  const inside = sets.map((i) => names[i]);
  if (sets.length === names.length) return names.length === 2 ? 'In both' : `In all ${names.length}`;
  if (sets.length === 1) return `Only in ${inside[0]}`;
  const outside = names.filter((_, i) => !sets.includes(i));
  return `In ${listed(inside)}, not ${listed(outside).replace(/ and /g, ' or ')}`;
}

/** "Only in VIP: 1,204" — one line per region, largest first, empty regions last. */
export function regionSentences(regions: readonly Region[], names: readonly string[]): { label: string; count: string; region: Region }[] {
  return [...regions]
    .sort((a, b) => b.count - a.count || a.sets.length - b.sets.length)
    .map((region) => ({ label: regionLabel(region.sets, names), count: formatCount(region.count), region }));
}

/** Distinct names for the chart: two steps both labelled "Filter" become "Filter (1)" and "Filter (2)". */
export function distinctNames(labels: readonly string[]): string[] {
  return labels.map((label, i) => (labels.filter((l) => l === label).length > 1 ? `${label} (${labels.slice(0, i + 1).filter((l) => l === label).length})` : label));
}
