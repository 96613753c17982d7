import { lstatSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describeSource, fileReads, queryRows, readerSql, sql, type Workflow } from '@segflow/engine/node';
import { latestDays } from './latest-days.ts';
import { HttpError } from '../http/errors.ts';
import type { SharedDuckDb } from './duckdb.ts';
import { checkCsv } from './check-csv.ts';
import { datasetFactsCache, fingerprintOf, type DatasetFacts } from './dataset-facts.ts';
import { resolveInside } from './resolve-path.ts';

export const DATASET_FORMATS = ['csv', 'parquet', 'json'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface DatasetInfo extends DatasetFacts {
  name: string;
  format: DatasetFormat;
  size: number;
  modifiedAt: string;
}

export const formatOf = (name: string): DatasetFormat | undefined => {
  const ext = extname(name).slice(1).toLowerCase();
  return (DATASET_FORMATS as readonly string[]).includes(ext) ? (ext as DatasetFormat) : undefined;
};

/**
 * A file name safe to keep: only `[A-Za-z0-9_.-]`, no leading dot, at most 128
 * characters, ending in .csv, .parquet or .json.
 */
export function sanitizeDatasetName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const name = base.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[._-]+/, '').slice(-128);
  const format = formatOf(name);
  if (!format || name.length <= format.length + 1)
    throw new HttpError(415, 'unsupported_format', `"${filename}" is not a .csv, .parquet or .json file.`);
  return `${name.slice(0, name.length - format.length)}${format}`;
}

/**
 * Datasets in the data directory's datasets folder, read with DuckDB. What a file
 * holds is read once per file version (see dataset-facts.ts) and kept across
 * restarts in `factsFile`. Only regular files count: a link could show the
 * header, size and row count of a file outside the folder.
 */
export function datasetService(deps: { duckdb: SharedDuckDb; dir: string; factsFile: string }) {
  const facts = datasetFactsCache(deps.factsFile);
  /** Reads in progress by file version: requests arriving meanwhile wait for the same read. */
  const reading = new Map<string, Promise<DatasetFacts>>();

  /** Reads the whole file (a row count reads every row), so a broken row anywhere is found now, not mid-run. */
  async function inspect(path: string, format: DatasetFormat, name: string): Promise<{ rows: number; columns: { name: string; type: string }[]; latest: Record<string, string> }> {
    if (!statSync(path).size) throw new HttpError(422, 'invalid_dataset', `${name} is empty.`);
    const connection = await (await deps.duckdb.get()).connect();
    try {
      const csv = format === 'csv' ? await checkCsv(connection, path, name) : undefined;
      if (csv && !csv.ok) throw new HttpError(422, 'invalid_dataset', `${name} is not a well-formed CSV file: ${csv.problem}`);
      const config = { format, path, key: '' };
      const described = await describeSource(connection, config, path);
      const unreadable = (message: string) =>
        new HttpError(422, 'invalid_dataset', `${name} cannot be read as ${format.toUpperCase()}: ${message.split('\n')[0].replaceAll(path, name).slice(0, 300)}`);
      if (!described.ok) throw unreadable(described.message);
      if (!described.columns.length) throw new HttpError(422, 'invalid_dataset', 'The file has no columns.');
      const columns = described.columns.map((c) => ({ name: c.name, type: c.type }));
      try {
        const latest = await latestDays(connection, readerSql(config, path), described.columns);
        // The CSV check has counted every row already.
        if (csv) return { rows: csv.rows, columns, latest };
        const [row] = await queryRows(connection, sql`SELECT count(*) AS n FROM ${readerSql(config, path)}`);
        return { rows: Number(row.n), columns, latest };
      } catch (e) {
        throw unreadable((e as Error).message);
      }
    } finally {
      connection.closeSync();
    }
  }

  /** The file's stat when it is a regular file in the folder; never follows a link. */
  const fileStat = (name: string) => {
    const stat = lstatSync(join(deps.dir, name), { throwIfNoEntry: false });
    return stat?.isFile() ? stat : undefined;
  };

  async function factsOf(name: string, format: DatasetFormat, fingerprint: string): Promise<DatasetFacts> {
    const known = facts.get(name, fingerprint);
    if (known) return known;
    const key = `${name}\n${fingerprint}`;
    let pending = reading.get(key);
    if (!pending) {
      pending = inspect(join(deps.dir, name), format, name)
        .catch((e: Error): DatasetFacts => ({ rows: null, columns: [], error: e.message }))
        .then((found) => (facts.set(name, fingerprint, found), found))
        .finally(() => reading.delete(key));
      reading.set(key, pending);
    }
    return pending;
  }

  async function info(name: string): Promise<DatasetInfo | undefined> {
    const format = formatOf(name);
    const stat = fileStat(name);
    if (!format || !stat) return undefined;
    return { name, format, size: stat.size, modifiedAt: stat.mtime.toISOString(), ...(await factsOf(name, format, fingerprintOf(stat))) };
  }

  return {
    inspect,
    info,
    /** What the inspection of an upload found, kept for the file it became, so it is not read again. */
    remember(name: string, found: DatasetFacts) {
      const stat = fileStat(name);
      if (stat) facts.set(name, fingerprintOf(stat), found);
    },
    pathOf: (name: string) => resolveInside(deps.dir, name, 'Dataset'),
    async list(): Promise<DatasetInfo[]> {
      const names = readdirSync(deps.dir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && formatOf(entry.name) && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort();
      facts.keepOnly(names);
      const all = await Promise.all(names.map(info));
      return all.filter((d): d is DatasetInfo => Boolean(d));
    },
    /** Whether a document reads this dataset (a source or events node whose path resolves to it). */
    readsDataset(document: Workflow, name: string): boolean {
      const target = join(deps.dir, name);
      return fileReads(document).some(({ read }) => {
        try {
          return resolveInside(deps.dir, read.path, 'Source') === target;
        } catch {
          return false;
        }
      });
    },
  };
}

export type DatasetService = ReturnType<typeof datasetService>;
