import { queryRows, raw, sql, type Database } from '@segflow/engine/node';

type Connection = Awaited<ReturnType<Database['connect']>>;

/**
 * Why a CSV file is malformed, or undefined when it is sound. DuckDB's sniffer
 * is forgiving: rows with a different number of fields make it skip lines or
 * read every line as one text column, and a run would then see wrong data
 * without a word. An upload is held to more: the header is the first line, and
 * every row has the header's fields under the delimiter the sniffer found (a
 * comma, when it found only one column but the header has commas).
 */
export async function csvProblem(connection: Connection, path: string, name: string): Promise<string | undefined> {
  const firstLine = (e: unknown) => explain((e as Error).message, path, name);
  let sniff: Record<string, unknown>;
  try {
    [sniff] = await queryRows(connection, sql`SELECT Delimiter AS delimiter, SkipRows AS skip, len(Columns) AS columns FROM sniff_csv(${path})`);
  } catch (e) {
    return firstLine(e);
  }
  const skipped = Number(sniff.skip);
  if (skipped > 0) return `The first ${skipped} line(s) do not have the fields the rest of the file has.`;
  let delimiter = String(sniff.delimiter);
  if (Number(sniff.columns) === 1) {
    const [head] = await queryRows(connection, sql`SELECT string_split(content, chr(10))[1] AS line FROM read_text(${path})`);
    if (String(head?.line ?? '').includes(',')) delimiter = ',';
  }
  try {
    await queryRows(connection, sql`SELECT count(*) AS n FROM read_csv(${path}, delim = ${delimiter}, ${raw('header = true, skip = 0, strict_mode = true, null_padding = false')})`);
  } catch (e) {
    return firstLine(e);
  }
  return undefined;
}

/** DuckDB's first line, in words for people, without the server's temporary path. */
function explain(message: string, path: string, name: string): string {
  const line = message.split('\n')[0].replace(/^Invalid Input Error: /, '').replaceAll(path, name).slice(0, 300);
  if (line.startsWith('Error when sniffing file'))
    return 'Its lines do not share one layout: the number of fields changes from line to line, or it is not text.';
  return line;
}
