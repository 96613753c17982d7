/**
 * A file name as DuckDB's readers take it, matching that one file and nothing else.
 * read_csv, read_parquet and read_json expand `*`, `?` and `[…]` as glob patterns: a
 * document saying `pass*.csv` would read whatever matches, a link out of the data
 * folder included. Each of those characters becomes a one-character class that
 * matches only itself, so a file really named `a[1].csv` still reads.
 * @example literalPath('/data/a[1]*.csv') // '/data/a[[]1][*].csv'
 */
export function literalPath(path: string): string {
  if (!/[*?[]/.test(path)) return path;
  // Inside a pattern DuckDB takes a backslash as an escape: such a name cannot be said literally.
  if (path.includes('\\')) throw new Error('a file name with a backslash and one of * ? [ cannot be read; rename the file.');
  return path.replace(/[*?[]/g, (c) => `[${c}]`);
}
