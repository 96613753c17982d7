import { existsSync, readFileSync } from 'node:fs';

/** A file of one JSON value per line; a crash can leave half a line at the end, and everything before it is whole. */
export function readLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as T] : [];
    } catch {
      return [];
    }
  });
}
