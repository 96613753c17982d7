import { ident, join, renderSql, sql, type Database, type Sql } from '../packages/engine/src/node.ts';

type Connection = Awaited<ReturnType<Database['connect']>>;

/** One parsed row: what an item-based workflow tool holds per item. */
export type Row = Record<string, unknown>;

export interface NaiveRows {
  /** Every row of the customers file in file order, empty keys and duplicates included. */
  customers: Row[];
  /** Every row of the events file in file order. */
  events: Row[];
  /** Decimal places of each DECIMAL column (its values are numbers here; sums go through scaled integers). */
  decimalScale: Record<string, number>;
}

const DAY_MS = 86_400_000;

/**
 * Reads both files into plain objects once, through DuckDB (the bench does not
 * time this: a generic tool's JSON or CSV parsing would only be slower).
 * Values are parsed the way a careful tool parses them: numbers as numbers,
 * dates and timestamps as epoch milliseconds, repeated strings shared.
 */
export async function loadNaiveRows(connection: Connection, paths: { customers: string; events: string }): Promise<NaiveRows> {
  const decimalScale: Record<string, number> = {};
  const customers = await readObjects(connection, sql`read_parquet(${paths.customers})`, decimalScale);
  const events = await readObjects(connection, sql`read_parquet(${paths.events})`, decimalScale);
  return { customers, events, decimalScale };
}

async function readObjects(connection: Connection, table: Sql, decimalScale: Record<string, number>): Promise<Row[]> {
  const { text, params } = renderSql(sql`DESCRIBE SELECT * FROM ${table}`);
  const described = (await connection.runAndReadAll(text, params as never)).getRowObjectsJson();
  const columns = described.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const select = columns.map(({ name, type }) => {
    const col = ident(name);
    const decimal = /^DECIMAL\(\d+,(\d+)\)$/.exec(type);
    if (decimal) decimalScale[name] = Number(decimal[1]);
    if (type === 'DATE' || type.startsWith('TIMESTAMP')) return sql`CAST(epoch_ms(CAST(${col} AS TIMESTAMP)) AS DOUBLE) AS ${col}`;
    if (decimal || type === 'BIGINT' || type === 'HUGEINT') return sql`CAST(${col} AS DOUBLE) AS ${col}`;
    return col;
  });
  const query = renderSql(sql`SELECT ${join(select, ', ')} FROM ${table}`);
  const result = await connection.stream(query.text, query.params as never);
  const names = columns.map((c) => c.name);
  const interned = new Map<string, string>();
  const rows: Row[] = [];
  for await (const chunk of result) {
    const data = chunk.getColumns() as unknown[][];
    for (let i = 0; i < chunk.rowCount; i++) {
      const row: Row = {};
      for (let c = 0; c < names.length; c++) {
        let v = data[c][i];
        if (typeof v === 'string' && v.length <= 32) {
          const known = interned.get(v);
          if (known === undefined) interned.set(v, v);
          else v = known;
        }
        row[names[c]] = v;
      }
      rows.push(row);
    }
  }
  return rows;
}

/** The UTC day number of epoch milliseconds. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
/** The UTC day number of a `YYYY-MM-DD` date. */
export const dayOfDate = (date: string) => dayOf(Date.parse(`${date}T00:00:00Z`));
