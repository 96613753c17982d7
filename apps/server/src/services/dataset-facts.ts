import { readFileSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import { z } from 'zod';

/** What reading a dataset file found: its rows and typed columns, or why it cannot be read. */
export interface DatasetFacts {
  rows: number | null;
  columns: { name: string; type: string }[];
  /**
   * The last day found in each date or timestamp column (`YYYY-MM-DD`), e.g. an
   * events file's `order_date` → "2025-12-31": a new workflow counts as of the
   * day its events run to, not as of today, when the data stops before today.
   */
  latest?: Record<string, string>;
  /** Why the file cannot be read, when it cannot. */
  error?: string;
}

/** One version of a file: the same name, size and modification time are taken to be the same content. */
export const fingerprintOf = (stat: Stats) => `${stat.size}:${stat.mtimeMs}`;

const factsSchema = z.object({
  rows: z.number().nullable(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  latest: z.record(z.string(), z.string()).optional(),
  error: z.string().optional(),
});
// Version 2 added `latest`: a version 1 file is read as no cache, so every file is read once more.
const fileSchema = z.object({
  version: z.literal(2),
  datasets: z.record(z.string(), z.object({ fingerprint: z.string(), facts: factsSchema })),
});
type Entries = z.infer<typeof fileSchema>['datasets'];

/**
 * Facts of dataset files by name and fingerprint, kept in a small JSON file in
 * the data folder: counting a file's rows reads all of it, so it is done once
 * per file version, not once per request nor again after every restart.
 * A missing or damaged file only means the datasets are read again.
 */
export function datasetFactsCache(file: string) {
  const entries = load(file);
  const save = () => {
    // Written beside and renamed over: a crash mid-write leaves the old file, never half of one.
    const next = `${file}.${process.pid}.tmp`;
    writeFileSync(next, JSON.stringify({ version: 2, datasets: entries }));
    renameSync(next, file);
  };
  return {
    get: (name: string, fingerprint: string): DatasetFacts | undefined => {
      const entry = entries[name];
      return entry?.fingerprint === fingerprint ? entry.facts : undefined;
    },
    set(name: string, fingerprint: string, facts: DatasetFacts) {
      entries[name] = { fingerprint, facts };
      save();
    },
    /** Drops the facts of files that are gone, so the file does not grow with every name ever uploaded. */
    keepOnly(names: readonly string[]) {
      const gone = Object.keys(entries).filter((name) => !names.includes(name));
      for (const name of gone) delete entries[name];
      if (gone.length) save();
    },
  };
}

function load(file: string): Entries {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return Object.assign(Object.create(null), parsed.data.datasets);
  } catch {
    // No cache yet, or one a crash or a person damaged: start empty.
  }
  return Object.create(null);
}
