import { openDatabase, type Database } from '@segflow/engine/node';

/**
 * One in-memory DuckDB for the server's own small jobs (validating, describing
 * datasets, converting downloads), opened on first use. Runs and previews open
 * their own, so a long run never blocks a quick check.
 */
export function sharedDuckDb() {
  let opening: Promise<Database> | undefined;
  return {
    get: () => (opening ??= openDatabase(':memory:', { threads: 2 })),
    async close() {
      if (!opening) return;
      const db = await opening.catch(() => undefined);
      opening = undefined;
      db?.close();
    },
  };
}

export type SharedDuckDb = ReturnType<typeof sharedDuckDb>;
