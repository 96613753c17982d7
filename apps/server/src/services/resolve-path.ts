import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { ResolvePath } from '@segflow/engine/node';

/** Both absolute and normalized (as resolve and realpath give them): a prefix test, not path.relative's two more resolves (validation asks per output). */
const isInside = (root: string, target: string) => target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The real path of `target`: symlinks resolved on the part that exists, the rest
 * appended. A dangling symlink cannot be judged, so it is refused.
 */
function realpathOfExistingPart(target: string): string {
  const rest: string[] = [];
  let existing = target;
  while (!lstatSync(existing, { throwIfNoEntry: false })) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(basename(existing));
    existing = parent;
  }
  // The system's realpath: one call, where node's own walks the path a link at a time (validation asks per request).
  return join(realpathSync.native(existing), ...rest);
}

/** No folder part, not `.` or `..`, no drive or NUL: a name inside any folder by its text alone (nearly every output's path). */
const PLAIN_NAME = /^(?!\.\.?$)[^/\\:\0]+$/;
export const isPlainName = (path: string): boolean => PLAIN_NAME.test(path);

/**
 * The path written in a document as a name inside `root`, judged by its text
 * alone: not empty, not absolute, no `..` out of the folder. Links are
 * resolveInside's business.
 */
export function nameInside(root: string, path: string, what: string, folder = `${basename(root)} folder`): string {
  if (!path || path.includes('\0')) throw new Error(`${what} "${path}" is not a file name.`);
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path))
    throw new Error(`${what} "${path}" must be a name inside the ${folder}, not an absolute path.`);
  const base = resolve(root);
  const target = resolve(base, path);
  if (!isInside(base, target)) throw new Error(`${what} "${path}" leaves the ${folder}.`);
  if (target === base) throw new Error(`${what} "${path}" is the ${folder} itself, not a file in it.`);
  return target;
}

/**
 * Resolves a path written in a document inside `root`, or throws an Error whose
 * message a marketer can act on. Absolute paths, `..` that leaves the folder and
 * symlinks that point out of it are all refused.
 */
export function resolveInside(root: string, path: string, what: string, folder = `${basename(root)} folder`): string {
  const target = nameInside(root, path, what, folder);
  let real: string;
  try {
    real = realpathOfExistingPart(target);
  } catch {
    throw new Error(`${what} "${path}" points at a link that cannot be followed.`);
  }
  if (!isInside(realpathOfExistingPart(root), real)) throw new Error(`${what} "${path}" leads out of the ${folder} through a link.`);
  return real;
}

/**
 * The server's answer to the engine's question "where is this file?": sources in
 * the datasets folder, outputs in one run's folder. Without an output folder
 * (validation, previews, comparisons) nothing may be written.
 */
export function pathResolver(datasets: string, outputs?: string): ResolvePath {
  return (path, use) => {
    if (use === 'read') return resolveInside(datasets, path, 'Source');
    if (!outputs) throw new Error('Nothing is written here: previews and comparisons deliver no files.');
    return resolveInside(outputs, path, 'Output', "run's outputs folder");
  };
}
