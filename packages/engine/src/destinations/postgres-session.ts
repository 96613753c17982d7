import pg from 'pg';

/** How long each call to the database may take before the connection is dropped. */
export interface PostgresDeadlines {
  /** Opening the connection (start-up and authentication included). */
  connectMs: number;
  /** One statement. PostgreSQL cancels it itself first (statement_timeout); this client gives up a little later. */
  statementMs: number;
  /** ROLLBACK and the goodbye: a connection that cannot say them in time is dropped. */
  closeMs: number;
}

export const POSTGRES_DEADLINES: Readonly<PostgresDeadlines> = { connectMs: 15_000, statementMs: 5 * 60_000, closeMs: 5_000 };

/** The client waits this much longer than statement_timeout, so the server's own clearer error usually comes first. */
const STATEMENT_GRACE_MS = 5_000;

/** A connection whose every call settles: with its answer, at its deadline, or when the run is cancelled. */
export interface PostgresSession {
  /** Rejects on the deadline (`The database did not answer within …`) or on cancel, the connection then dropped. */
  query(statement: string | pg.QueryConfig): Promise<pg.QueryResult>;
  /** Rolls back when the connection still works; never throws (a dropped connection rolls back by itself). */
  rollback(): Promise<void>;
  /** Says goodbye, or drops the connection when that takes too long; never throws. */
  close(): Promise<void>;
}

const seconds = (ms: number) => {
  const s = Number((ms / 1000).toFixed(ms < 1000 ? 1 : 0));
  return `${s} second${s === 1 ? '' : 's'}`;
};

/** Thrown when a call to the database outlives its deadline. */
export class DeadlineError extends Error {}

/**
 * Connects a new pg client (`connect` does it, `client.connect()` by default)
 * and puts a deadline on every call. On a deadline or on `signal` the socket is
 * destroyed rather than politely ended: a peer that stopped answering would
 * never answer the goodbye either.
 *
 * @example
 *   const db = await openPostgres(new pg.Client({ connectionString: url }), signal, POSTGRES_DEADLINES);
 *   try { await db.query('SELECT 1'); } finally { await db.close(); }
 */
export async function openPostgres(
  client: pg.Client,
  signal: AbortSignal | undefined,
  deadlines: PostgresDeadlines,
  connect: (client: pg.Client) => Promise<unknown> = (c) => c.connect(),
): Promise<PostgresSession> {
  signal?.throwIfAborted();
  let usable = false;
  // A dropped or failed connection is reported by the call waiting on it; the event itself must not crash the process.
  client.on('error', () => {
    usable = false;
  });
  const drop = () => {
    usable = false;
    client.connection.stream.destroy();
  };

  function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
    // What the call says after its deadline passed is nobody's to hear.
    work.catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      const stop = (error: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        drop();
        reject(error);
      };
      const onAbort = () => stop(signal!.reason);
      const timer = setTimeout(() => stop(new DeadlineError(`The database did not answer within ${seconds(ms)} (${what}).`)), ms);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  const statementMs = deadlines.statementMs + Math.min(STATEMENT_GRACE_MS, deadlines.statementMs);
  const query = (statement: string | pg.QueryConfig) => bounded(client.query(statement), statementMs, 'running a statement');
  try {
    await bounded(connect(client), deadlines.connectMs, 'connecting');
    usable = true;
    // The server stops a statement itself first, with its own clearer error (a whole number of ms, never user text).
    await query(`SET statement_timeout = ${Math.max(1, Math.floor(deadlines.statementMs))}`);
  } catch (error) {
    drop();
    throw error;
  }
  return {
    query,
    async rollback() {
      if (usable) await bounded(client.query('ROLLBACK'), deadlines.closeMs, 'rolling back').catch(drop);
    },
    async close() {
      if (usable) await bounded(client.end(), deadlines.closeMs, 'closing the connection').catch(drop);
      else drop();
      usable = false;
    },
  };
}

/**
 * SQLSTATE classes that fail the same way every time: feature not supported
 * (0A), data exceptions (22), constraints (23), bad credentials (28), unknown
 * database or schema (3D, 3F), syntax, undefined objects and permissions (42),
 * check options (44). Retrying these only repeats the failure.
 */
const PERMANENT_CLASSES = new Set(['0A', '22', '23', '28', '3D', '3F', '42', '44']);

/** True for a PostgreSQL error that another attempt cannot fix. */
export function isPermanentPostgresError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_CLASSES.has(code.slice(0, 2));
}
