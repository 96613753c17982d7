import { ident, join, queryRows, sql, type Sql } from '@segflow/engine/node';

const TEMPORAL = new Set(['date', 'timestamp']);
type Connection = Parameters<typeof queryRows>[0];

/**
 * The last day of every date and timestamp column of a reader, in one scan:
 * `{ order_date: '2025-12-31' }`. Columns that hold no value are left out.
 */
export async function latestDays(connection: Connection, reader: Sql, columns: readonly { name: string; type: string }[]): Promise<Record<string, string>> {
  const temporal = columns.filter((c) => TEMPORAL.has(c.type));
  if (!temporal.length) return {};
  // Positional aliases: a column's name is quoted as an identifier, never pasted.
  const maxima = temporal.map((c, i) => sql`strftime(max(${ident(c.name)})::DATE, '%Y-%m-%d') AS ${ident(`d${i}`)}`);
  const [row] = await queryRows(connection, sql`SELECT ${join(maxima, ', ')} FROM ${reader}`);
  const latest: Record<string, string> = {};
  temporal.forEach((c, i) => {
    const day = row?.[`d${i}`];
    if (typeof day === 'string') latest[c.name] = day;
  });
  return latest;
}
