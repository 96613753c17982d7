import { mkdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the server owns lives under one data directory. */
export interface DataPaths {
  root: string;
  database: string;
  datasets: string;
  outputs: string;
  /** DuckDB files of the preview caches, one per workflow. */
  cache: string;
  /** Uploads in flight and converted downloads; emptied at start. */
  tmp: string;
}

export function dataPaths(dataDir: string): DataPaths {
  mkdirSync(dataDir, { recursive: true });
  // The real path, so paths the engine reports (after symlinks) can be made relative to it.
  const root = realpathSync(resolve(dataDir));
  const paths = {
    root,
    database: join(root, 'segflow.sqlite'),
    datasets: join(root, 'datasets'),
    outputs: join(root, 'outputs'),
    cache: join(root, 'cache'),
    tmp: join(root, 'tmp'),
  };
  for (const dir of [paths.datasets, paths.outputs, paths.cache, paths.tmp]) mkdirSync(dir, { recursive: true });
  return paths;
}

export const runOutputDir = (paths: DataPaths, runId: string) => join(paths.outputs, runId);
