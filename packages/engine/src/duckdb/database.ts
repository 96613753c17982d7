import { DuckDBInstance, listValue, structValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { ident, raw, renderSql, sql, type Sql, type SqlValue } from '../sql/sql.ts';

/** DuckDB wants its own value for a struct or a list; everything else binds as is. */
function toDuckValue(v: SqlValue): DuckDBValue {
  if (v !== null && typeof v === 'object') return 'list' in v ? listValue([...v.list]) : structValue(v.struct);
  return v as DuckDBValue;
}

/** Runs a statement built with the `sql` template: its values are bound, never pasted. */
export async function execute(connection: DuckDBConnection, statement: Sql): Promise<void> {
  const { text, params } = renderSql(statement);
  await connection.run(text, params.map(toDuckValue));
}

/**
 * `CREATE OR REPLACE TABLE target AS select`. Temporary: the table lives in
 * memory for the connection's life, spilling to the temp directory under the
 * memory limit, and is never written to the database file (what previews keep
 * between edits: rewriting it to disk at every edit cost as much as computing it).
 */
export function createTableAs(target: Sql, select: Sql, options: { temporary?: boolean } = {}): Sql {
  return sql`CREATE OR REPLACE ${raw(options.temporary ? 'TEMP TABLE' : 'TABLE')} ${target} AS ${select}`;
}

/**
 * Runs a CREATE TABLE ... AS and returns the rows it wrote, which DuckDB
 * reports as the statement's result: counting the new table again would be one
 * more statement per stored node. Undefined when no count came back.
 */
export async function createTableCounted(connection: DuckDBConnection, statement: Sql): Promise<number | undefined> {
  const [row] = await queryRows(connection, statement);
  const written = row ? Number(row.Count) : Number.NaN;
  return Number.isSafeInteger(written) ? written : undefined;
}

/** Rows as JSON-friendly objects (BIGINT arrives as a string: use `Number()` on counts). */
export async function queryRows(connection: DuckDBConnection, statement: Sql): Promise<Record<string, unknown>[]> {
  const { text, params } = renderSql(statement);
  const reader = await connection.runAndReadAll(text, params.map(toDuckValue));
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

export interface Database {
  instance: DuckDBInstance;
  connect(): Promise<DuckDBConnection>;
  /** Closes the database; one attached to a shared instance is detached, which frees its memory. */
  close(): void | Promise<void>;
}

/** What one DuckDB instance may use: it spills to `tempDirectory` rather than grow past `memoryLimit`. */
export interface DuckDbLimits {
  threads?: number;
  /** Bytes of memory, DuckDB's `memory_limit`. */
  memoryLimit?: number;
  /** Where DuckDB spills what does not fit in memory. */
  tempDirectory?: string;
}

function instanceConfig(options: DuckDbLimits): Record<string, string> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = `${Math.max(1, Math.floor(options.memoryLimit / 1024 ** 2))}MiB`;
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  return config;
}

/** Every connection works in UTC, so a timestamp's date is its UTC date whatever the machine's zone. */
async function connectTo(instance: DuckDBInstance, catalog?: string): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  // Progress of long statements is read by the run (node-progress events), never printed.
  await connection.run('SET enable_progress_bar = true');
  await connection.run('SET enable_progress_bar_print = false');
  if (catalog) await execute(connection, sql`USE ${ident(catalog)}`);
  return connection;
}

/** Opens a DuckDB database (in memory by default). */
export async function openDatabase(path = ':memory:', options: DuckDbLimits = {}): Promise<Database> {
  const instance = await DuckDBInstance.create(path, instanceConfig(options));
  return {
    instance,
    connect: () => connectTo(instance),
    close: () => instance.closeSync(),
  };
}

/** ATTACH takes no bound parameter: the path (ours, never a user's) is quoted as SQL text, quotes doubled. */
const stringLiteral = (text: string) => raw(`'${text.replaceAll("'", "''")}'`);

/**
 * A database file (or a fresh in-memory one) attached to a shared instance
 * under `name`: its connections use it by default, so code written for a
 * database of its own runs unchanged, while memory and threads are the
 * instance's, shared with every other attached database.
 */
export async function attachDatabase(host: Database, path: string, name: string): Promise<Database> {
  const connection = await host.connect();
  try {
    await execute(connection, sql`ATTACH ${stringLiteral(path)} AS ${ident(name)}`);
  } finally {
    connection.closeSync();
  }
  return {
    instance: host.instance,
    connect: () => connectTo(host.instance, name),
    async close() {
      const c = await host.connect();
      try {
        await execute(c, sql`DETACH ${ident(name)}`);
      } finally {
        c.closeSync();
      }
    },
  };
}

/** A fixed set of connections handed out one task at a time. */
export class ConnectionPool {
  private idle: DuckDBConnection[] = [];
  private waiters: ((c: DuckDBConnection) => void)[] = [];
  readonly busy = new Set<DuckDBConnection>();

  constructor(private readonly database: Database, private readonly size: number) {}

  private created = 0;

  async acquire(): Promise<DuckDBConnection> {
    const connection = this.idle.pop() ?? (this.created < this.size ? (this.created++, await this.database.connect()) : await new Promise<DuckDBConnection>((r) => this.waiters.push(r)));
    this.busy.add(connection);
    return connection;
  }

  release(connection: DuckDBConnection): void {
    this.busy.delete(connection);
    const waiter = this.waiters.shift();
    if (waiter) {
      this.busy.add(connection);
      waiter(connection);
    } else this.idle.push(connection);
  }

  /** Stops whatever the busy connections are running (a cancelled run). */
  interruptAll(): void {
    for (const c of this.busy) c.interrupt();
  }

  closeAll(): void {
    for (const c of [...this.idle, ...this.busy]) c.closeSync();
    this.idle = [];
  }
}
