import { basename, join } from 'node:path';
import type { SuppressionList as EngineList } from '@segflow/engine/node';
import type { SuppressionList } from '../store/suppression.store.ts';
import { formatOf } from './datasets.ts';

/**
 * The marked datasets as the engine reads them. A list whose file is gone
 * still goes to the run, whose outputs then fail rather than deliver keys
 * that should have been left out.
 */
export function suppressionLists(lists: SuppressionList[], datasets: string): EngineList[] {
  // Names were checked against the datasets folder when marked; a stored one naming anything else is refused.
  const bad = lists.find((l) => basename(l.dataset) !== l.dataset || l.dataset.startsWith('.'));
  if (bad) throw new Error(`The suppression list "${bad.dataset}" is not a dataset name.`);
  return lists.map((l) => ({ path: join(datasets, l.dataset), format: formatOf(l.dataset) ?? 'csv', key: l.key, ...(l.expires ? { expires: l.expires } : {}) }));
}
