import { open } from 'node:fs/promises';
import { queryRows, raw, sql, type Database } from '@segflow/engine/node';

type Connection = Awaited<ReturnType<Database['connect']>>;

/** How much of a file's start is read to find its header line: a header is never this long. */
const HEAD_BYTES = 1 << 20;

export type CsvCheck = { ok: true; rows: number } | { ok: false; problem: string };

/**
 * Whether a CSV file is sound, with its row count when it is. DuckDB's sniffer
 * is forgiving: rows with a different number of fields make it skip lines or
 * read every line as one text column, and a run would then see wrong data
 * without a word. An upload is held to more: the header is the first line, and
 * every row has the header's fields under the delimiter the sniffer found (a
 * comma, when it found only one column but the header has commas).
 *
 * Memory stays bounded whatever the file's size: the sniffer reads a sample, the
 * header comes from the file's first megabyte, and the strict read that proves
 * every row (and counts them) is DuckDB's streaming scan.
 */
export async function checkCsv(connection: Connection, path: string, name: string): Promise<CsvCheck> {
  const refused = (e: unknown): CsvCheck => ({ ok: false, problem: explain((e as Error).message, path, name) });
  let sniff: Record<string, unknown>;
  try {
    [sniff] = await queryRows(connection, sql`SELECT Delimiter AS delimiter, SkipRows AS skip, len(Columns) AS columns FROM sniff_csv(${path})`);
  } catch (e) {
    return refused(e);
  }
  const skipped = Number(sniff.skip);
  if (skipped > 0) return { ok: false, problem: `The first ${skipped} line(s) do not have the fields the rest of the file has.` };
  let delimiter = String(sniff.delimiter);
  if (Number(sniff.columns) === 1 && (await headerLine(path)).includes(',')) delimiter = ',';
  try {
    const [row] = await queryRows(connection, sql`SELECT count(*) AS n FROM read_csv(${path}, delim = ${delimiter}, ${raw('header = true, skip = 0, strict_mode = true, null_padding = false')})`);
    return { ok: true, rows: Number(row.n) };
  } catch (e) {
    return refused(e);
  }
}

/** The file's first line, read from its first megabyte only. */
async function headerLine(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split('\n', 1)[0];
  } finally {
    await file.close();
  }
}

/** DuckDB's first line, in words for people, without the server's temporary path. */
function explain(message: string, path: string, name: string): string {
  const line = message.split('\n')[0].replace(/^Invalid Input Error: /, '').replaceAll(path, name).slice(0, 300);
  if (line.startsWith('Error when sniffing file'))
    return 'Its lines do not share one layout: the number of fields changes from line to line, or it is not text.';
  return line;
}
