import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describeSource, queryRows, readerSql, sql } from '@segflow/engine/node';
import { HttpError } from '../http/errors.ts';
import type { SharedDuckDb } from './duckdb.ts';
import { csvProblem } from './check-csv.ts';
import { resolveInside } from './resolve-path.ts';

export const DATASET_FORMATS = ['csv', 'parquet', 'json'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface DatasetInfo {
  name: string;
  format: DatasetFormat;
  size: number;
  modifiedAt: string;
  rows: number | null;
  columns: { name: string; type: string }[];
  /** Why the file cannot be read, when it cannot. */
  error?: string;
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

/** Datasets in the data directory's datasets folder, read with DuckDB and cached by size and mtime. */
export function datasetService(deps: { duckdb: SharedDuckDb; dir: string }) {
  const cache = new Map<string, { stamp: string; info: DatasetInfo }>();

  /** Reads the whole file (a row count reads every row), so a broken row anywhere is found now, not mid-run. */
  async function inspect(path: string, format: DatasetFormat, name: string): Promise<{ rows: number; columns: { name: string; type: string }[] }> {
    if (!statSync(path).size) throw new HttpError(422, 'invalid_dataset', `${name} is empty.`);
    const connection = await (await deps.duckdb.get()).connect();
    try {
      const malformed = format === 'csv' ? await csvProblem(connection, path, name) : undefined;
      if (malformed) throw new HttpError(422, 'invalid_dataset', `${name} is not a well-formed CSV file: ${malformed}`);
      const config = { format, path, key: '' };
      const facts = await describeSource(connection, config, path);
      const unreadable = (message: string) =>
        new HttpError(422, 'invalid_dataset', `${name} cannot be read as ${format.toUpperCase()}: ${message.split('\n')[0].replaceAll(path, name).slice(0, 300)}`);
      if (!facts.ok) throw unreadable(facts.message);
      if (!facts.columns.length) throw new HttpError(422, 'invalid_dataset', 'The file has no columns.');
      let count: number;
      try {
        const [row] = await queryRows(connection, sql`SELECT count(*) AS n FROM ${readerSql(config, path)}`);
        count = Number(row.n);
      } catch (e) {
        throw unreadable((e as Error).message);
      }
      return { rows: count, columns: facts.columns.map((c) => ({ name: c.name, type: c.type })) };
    } finally {
      connection.closeSync();
    }
  }

  async function info(name: string): Promise<DatasetInfo | undefined> {
    const format = formatOf(name);
    const path = join(deps.dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!format || !stat?.isFile()) return undefined;
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const known = cache.get(name);
    if (known?.stamp === stamp) return known.info;
    const base = { name, format, size: stat.size, modifiedAt: stat.mtime.toISOString() };
    let result: DatasetInfo;
    try {
      result = { ...base, ...(await inspect(path, format, name)) };
    } catch (e) {
      result = { ...base, rows: null, columns: [], error: (e as Error).message };
    }
    cache.set(name, { stamp, info: result });
    return result;
  }

  return {
    inspect,
    info,
    pathOf: (name: string) => resolveInside(deps.dir, name, 'Dataset'),
    async list(): Promise<DatasetInfo[]> {
      const names = readdirSync(deps.dir).filter((n) => formatOf(n) && !n.startsWith('.')).sort();
      const all = await Promise.all(names.map(info));
      return all.filter((d): d is DatasetInfo => Boolean(d));
    },
    forget: (name: string) => void cache.delete(name),
    /** Whether a document reads this dataset (a source or events node whose path resolves to it). */
    readsDataset(document: unknown, name: string): boolean {
      const target = join(deps.dir, name);
      const nodes = (document as { nodes?: unknown })?.nodes;
      if (!Array.isArray(nodes)) return false;
      return nodes.some((node: { kind?: unknown; config?: { path?: unknown } }) => {
        if ((node?.kind !== 'source' && node?.kind !== 'events') || typeof node.config?.path !== 'string') return false;
        try {
          return resolveInside(deps.dir, node.config.path, 'Source') === target;
        } catch {
          return false;
        }
      });
    },
  };
}

export type DatasetService = ReturnType<typeof datasetService>;
