import { sep } from 'node:path';

/** Where a message is: problems, errors, run notes and skip reasons carry these keys. */
const MESSAGE_KEYS = new Set(['message', 'error', 'reason', 'note']);

/**
 * A message without where the server keeps its files: every path under the data
 * folder becomes relative to it (DuckDB's and Node's errors quote full paths).
 * @example hideDataDir('No files found that match "/srv/data/datasets/a.csv"', '/srv/data') // '… "datasets/a.csv"'
 */
export function hideDataDir(text: string, root: string): string {
  if (root.length < 2 || !text.includes(root)) return text;
  return text.replaceAll(root + sep, '').replaceAll(root, '.');
}

/**
 * A JSON.stringify replacer that hides the data folder in every message (a
 * string under one of MESSAGE_KEYS), and leaves everything else (documents,
 * rows) as it is. The server's one exit for JSON answers uses it.
 */
export function messageReplacer(root: string) {
  return (key: string, value: unknown) => (typeof value === 'string' && MESSAGE_KEYS.has(key) ? hideDataDir(value, root) : value);
}

/** `value` with the data folder hidden in its messages, for what leaves by other ways (run events, alerts). */
export function withoutDataDir<T>(value: T, root: string): T {
  return JSON.parse(JSON.stringify(value, messageReplacer(root))) as T;
}
