import type { PostgresSession } from '../destinations/postgres-session.ts';
import { ident, sql } from '../sql/sql.ts';
import { CHECK_DEADLINES, openWarehouse, pgQuery } from './open-warehouse.ts';
import { WORK_SCHEMA_PREFIX, workSchema } from './work-schema.ts';

/** The work schemas present in a warehouse, by name. */
async function workSchemasIn(session: PostgresSession): Promise<string[]> {
  // `_` is a LIKE wildcard: the prefix is matched exactly instead.
  const { rows } = await session.query(pgQuery(sql`SELECT nspname FROM pg_namespace WHERE left(nspname, ${WORK_SCHEMA_PREFIX.length}) = ${WORK_SCHEMA_PREFIX} ORDER BY nspname`));
  return rows.map((r) => String(r.nspname));
}

/**
 * Drops the work schemas a crash left behind: those of runs this installation
 * knows ended for good. A schema of a run it does not know is left alone: a
 * CLI run or another installation computing in the same warehouse may be
 * using it. A run still going is never among the ended, so a run started
 * during the sweep is safe. Every statement has the deadlines of a catalog
 * check: a sweep never hangs.
 * @param ended the ids of the runs that ended for good (succeeded, cancelled, or pruned).
 * @returns the names of the schemas dropped.
 */
export async function sweepWorkSchemas(url: string, ended: () => Iterable<string>): Promise<string[]> {
  const session = await openWarehouse(url, undefined, CHECK_DEADLINES);
  try {
    await session.query('SET client_min_messages = warning');
    const present = await workSchemasIn(session);
    if (present.length === 0) return [];
    const finished = new Set([...ended()].map((id) => workSchema(id).name));
    const orphans = present.filter((name) => finished.has(name));
    for (const name of orphans) await session.query(pgQuery(sql`DROP SCHEMA IF EXISTS ${ident(name)} CASCADE`));
    return orphans;
  } finally {
    await session.close();
  }
}
