import { createHash } from 'node:crypto';
import type { PostgresSession } from '../destinations/postgres-session.ts';
import { ident, sql, type Sql } from '../sql/sql.ts';
import { pgQuery } from './open-warehouse.ts';

/**
 * Where a warehouse run keeps its stage results: a schema of its own, named
 * by the run, made when the run starts and dropped when it succeeds (or when
 * the run is deleted or pruned: `dropWorkSchema`). Its tables are real ones,
 * not temporary, so a run stopped half way (a killed worker, a restarted
 * server, a cancelled session) resumes from the stages it finished. Tables are
 * UNLOGGED: no write-ahead log to write, and a crash of PostgreSQL itself
 * empties them all, stage records included, so the run then starts over.
 */
export interface WorkSchema {
  name: string;
  /** A node's table (`index`: the node's place in the workflow's order). */
  table(index: number): Sql;
  summary(index: number): Sql;
  /** The table recording each finished stage. */
  stages: Sql;
}

/** Every work schema's name starts so: how a sweep finds the ones a crash left behind. */
export const WORK_SCHEMA_PREFIX = 'segflow_run_';

/** The work schema of a run: its id made an identifier (a hash of it when too long or not plain). */
export function workSchema(runId: string): WorkSchema {
  const plain = runId.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const name = WORK_SCHEMA_PREFIX.length + plain.length <= 63 && plain === runId.toLowerCase() && /^[a-z0-9_]+$/.test(plain)
    ? `${WORK_SCHEMA_PREFIX}${plain}`
    : `${WORK_SCHEMA_PREFIX}${createHash('sha256').update(runId).digest('hex').slice(0, 40)}`;
  const schema = ident(name);
  return {
    name,
    table: (index) => sql`${schema}.${ident(`n_${index}`)}`,
    summary: (index) => sql`${schema}.${ident(`s_${index}`)}`,
    stages: sql`${schema}.${ident('stages')}`,
  };
}

/** PostgreSQL's "insufficient privilege". */
const NOT_ALLOWED = '42501';

/**
 * Makes the schema and its stage record, if a run before did not. A user
 * that may not create schemas gets none (undefined): the run then keeps its
 * stages in temporary tables, as runs did before, and a resume starts over.
 */
export async function createWorkSchema(session: PostgresSession, work: WorkSchema): Promise<WorkSchema | undefined> {
  await session.query('SET client_min_messages = warning');
  try {
    await session.query(pgQuery(sql`CREATE SCHEMA IF NOT EXISTS ${ident(work.name)}`));
  } catch (error) {
    if ((error as { code?: string }).code === NOT_ALLOWED) return undefined;
    throw error;
  }
  await session.query(pgQuery(sql`CREATE UNLOGGED TABLE IF NOT EXISTS ${work.stages} (node_id VARCHAR PRIMARY KEY)`));
  return work;
}

/** The stages a run before finished and whose results are still there. */
export async function finishedStages(session: PostgresSession, work: WorkSchema): Promise<Set<string>> {
  const exists = await session.query(pgQuery(sql`SELECT to_regclass(${`${work.name}.stages`}) IS NOT NULL AS present`));
  if (!exists.rows[0]?.present) return new Set();
  const { rows } = await session.query(pgQuery(sql`SELECT node_id FROM ${work.stages}`));
  return new Set(rows.map((r) => String(r.node_id)));
}

/** Records a stage as finished (its tables are written). */
export async function recordStage(session: PostgresSession, work: WorkSchema, nodeId: string): Promise<void> {
  await session.query(pgQuery(sql`INSERT INTO ${work.stages} (node_id) VALUES (${nodeId}) ON CONFLICT DO NOTHING`));
}

/** Drops a run's work schema and every table in it; nothing happens when there is none. */
export async function dropWorkSchema(session: PostgresSession, runId: string): Promise<void> {
  await session.query('SET client_min_messages = warning');
  await session.query(pgQuery(sql`DROP SCHEMA IF EXISTS ${ident(workSchema(runId).name)} CASCADE`));
}
