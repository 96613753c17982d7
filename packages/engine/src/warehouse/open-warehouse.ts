import pg from 'pg';
import { connectPostgres, sslOf } from '../destinations/postgres-client.ts';
import { openPostgres, type PostgresDeadlines, type PostgresSession } from '../destinations/postgres-session.ts';
import { parsePostgresUrl } from '../destinations/postgres-url.ts';
import type { CredentialResolver } from '../destinations/credentials.ts';
import { PermanentError } from '../run/permanent-error.ts';
import { renderSql, type Sql, type SqlValue } from '../sql/sql.ts';

/** Checks read a catalog: quick. Runs may scan big tables: one statement may take half an hour. */
export const CHECK_DEADLINES: Readonly<PostgresDeadlines> = { connectMs: 15_000, statementMs: 30_000, closeMs: 5_000 };
/** A preview counts while someone waits: PostgreSQL stops any statement after a minute. */
export const PREVIEW_DEADLINES: Readonly<PostgresDeadlines> = { connectMs: 15_000, statementMs: 60_000, closeMs: 5_000 };
export const RUN_DEADLINES: Readonly<PostgresDeadlines> = { connectMs: 15_000, statementMs: 30 * 60_000, closeMs: 5_000 };

/** Memory each sort or hash table of a statement may use before spilling to disk. */
export const WORK_MEM = '128MB';

/** The URL a connection name stands for, or a sentence saying why there is none (never the URL itself). */
export function warehouseUrl(name: string, credentials: CredentialResolver | undefined): { url: string } | { problem: string } {
  const url = credentials?.connection(name);
  if (!url) return { problem: `there is no connection called "${name}" (an admin adds connections: SEGFLOW_CONNECTIONS for the CLI, Settings › Connections in the app).` };
  return { url };
}

/**
 * A session on a warehouse connection an admin configured. The address
 * policy of destinations does not apply (an admin chose the host, a document
 * only names it), but the URL still goes through `parsePostgresUrl`: no
 * local sockets, no parameters that read files. The session runs in UTC, so
 * dates and timestamps mean what they mean in DuckDB.
 */
export async function openWarehouse(url: string, signal: AbortSignal | undefined, deadlines: PostgresDeadlines): Promise<PostgresSession> {
  const parsed = parsePostgresUrl(url);
  if (parsed.problem !== undefined) throw new PermanentError(parsed.problem);
  const t = parsed.target;
  const client = new pg.Client({
    host: t.host, port: t.port, user: t.user, password: t.password, database: t.database, ssl: sslOf(t),
    application_name: t.applicationName ?? 'segflow',
  });
  const session = await openPostgres(client, signal, deadlines, connectPostgres);
  try {
    await session.query("SET TIME ZONE 'UTC'");
    // PostgreSQL's default (4MB) sends the sorts and hash tables of a run over a million customers to disk.
    await session.query(`SET work_mem = '${WORK_MEM}'`);
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

/** A bound value as pg sends it: lists as arrays, big integers as text. */
function pgParam(value: SqlValue): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object') {
    if ('list' in value) return [...value.list];
    throw new Error('a struct value has no PostgreSQL form');
  }
  return value;
}

/** The statement as pg's query config: text with `$n` and the bound values. */
export function pgQuery(statement: Sql): pg.QueryConfig {
  const { text, params } = renderSql(statement);
  return { text, values: params.map(pgParam) };
}

/**
 * Stops the session's running statement when `signal` aborts. Dropping the
 * connection alone would leave PostgreSQL computing until it next writes to
 * the client, so a cancel is sent from a short second session. Returns what
 * stops listening.
 */
export async function cancelOnAbort(url: string, session: PostgresSession, signal: AbortSignal | undefined): Promise<() => void> {
  if (!signal) return () => undefined;
  const { rows } = await session.query('SELECT pg_backend_pid() AS pid');
  const pid = Number(rows[0].pid);
  const cancel = async () => {
    const other = await openWarehouse(url, undefined, CHECK_DEADLINES);
    try {
      await other.query({ text: 'SELECT pg_cancel_backend($1)', values: [pid] });
    } finally {
      await other.close();
    }
  };
  const onAbort = () => void cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
