import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The repository root, and the shared folder that stands beside it (datasets and the spec's examples). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const DATASETS = join(SHARED, 'datasets');
export const EXAMPLES = join(SHARED, 'spec/examples');
