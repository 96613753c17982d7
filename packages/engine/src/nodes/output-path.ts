/**
 * An output file's path as the run writes it: `.` and empty parts dropped, `..`
 * taken back where it can be, so `same.csv`, `./same.csv` and `a/../same.csv` are
 * one file. Case is kept: on the server's file system `Same.csv` is another file.
 * Pure (no node:path), so the editor checks the same way.
 * @example normalOutputPath('a/../b//c.csv') // 'b/c.csv'
 */
export function normalOutputPath(path: string): string {
  // A plain file name (nearly every output) is its own normal form: validation asks for every output of every document.
  if (!path.includes('/')) return path === '.' ? '' : path;
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

/**
 * Why a destination path cannot name the segment's file, in a marketer's words, or
 * undefined when it can. A path ending in `/`, `.` or `..` names a folder: writing
 * there would replace the folder (the run's own, for `.`).
 */
export function outputPathProblem(path: string): string | undefined {
  if (path.includes('\0')) return 'The file name holds a character no file name may have.';
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (!path.trim() || last === '' || last === '.' || last === '..' || !normalOutputPath(path))
    return `"${path}" names a folder, not a file: write a file name such as "segment.csv".`;
  return undefined;
}
