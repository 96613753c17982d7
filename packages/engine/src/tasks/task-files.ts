import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { NodeStep, StepOutcome } from '../run/execute-plan.ts';
import { ident, raw, sql } from '../sql/sql.ts';
import { execute, queryRows } from '../duckdb/database.ts';
import { literalPath } from '../duckdb/literal-path.ts';
import { readLines } from '../duckdb/read-lines.ts';

/**
 * The folder of one run's task results, shared by every process that executes
 * its steps (a queue worker on any machine that sees the data folder):
 * - `context.json`: the document and the run's settings, written by the coordinator;
 * - `<table>.parquet`: each table a step made (a node on a partition, an events summary);
 * - `steps/<node>.<partition|all>.json`: a finished step's outcome, written after its tables;
 * - `tasks.ndjson`: who started and finished which step, appended (for operators and tests).
 * Every file is written under a temporary name and renamed: a killed writer leaves nothing half-written.
 */
const RESULT = /^((?:n|summary)_[A-Za-z0-9_-]+)\.parquet$/;

export const stepName = ({ nodeId, partition }: NodeStep) => `${nodeId}.${partition ?? 'all'}`;

const partialName = (file: string) => `${file}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Writes a file whole or not at all. */
export function writeWhole(file: string, text: string): void {
  const partial = partialName(file);
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/** The tables a step makes, by name: a node's rows on its partition, and the summary of a source's events. */
export function ownTables({ nodeId, partition }: NodeStep): string[] {
  return [`n_${nodeId}${partition === null ? '' : `_p${partition}`}`, `summary_${nodeId}`];
}

/** Every result table stored in the folder, except `skip`, as a view of the same name: what a step reads. */
export async function mountResults(connection: DuckDBConnection, folder: string, skip: readonly string[]): Promise<void> {
  for (const file of readdirSync(folder)) {
    const name = RESULT.exec(file)?.[1];
    if (!name || skip.includes(name)) continue;
    await execute(connection, sql`CREATE VIEW ${ident(name)} AS SELECT * FROM read_parquet(${raw(quoted(literalPath(join(folder, file))))})`);
  }
}

/** A path as an SQL string: views keep their text, so it cannot be a bound value. Ours, never a user's. */
const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The result tables of this connection's own database (not the mounted views). */
export async function resultTables(connection: DuckDBConnection): Promise<string[]> {
  const rows = await queryRows(connection, sql`SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary AND database_name = current_database()`);
  return rows.map((r) => String(r.name)).filter((name) => RESULT.test(`${name}.parquet`));
}

/** Writes a table to `<folder>/<table>.parquet` (zstd), whole or not at all. */
export async function storeTable(connection: DuckDBConnection, folder: string, table: string): Promise<void> {
  const file = join(folder, `${table}.parquet`);
  const partial = partialName(file);
  try {
    await execute(connection, sql`COPY ${ident(table)} TO ${raw(quoted(partial))} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

const markerOf = (folder: string, step: NodeStep) => join(folder, 'steps', `${stepName(step)}.json`);

/** A finished step's outcome, when a process finished it before. */
export function finishedStep(folder: string, step: NodeStep): StepOutcome | undefined {
  const file = markerOf(folder, step);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StepOutcome) : undefined;
}

/** Records a step as finished: its tables are stored already, so no one runs it again. */
export function markFinished(folder: string, step: NodeStep, outcome: StepOutcome): void {
  mkdirSync(join(folder, 'steps'), { recursive: true });
  writeWhole(markerOf(folder, step), JSON.stringify(outcome));
}

export interface TaskLogLine {
  step: string;
  worker: string;
  event: 'started' | 'finished' | 'failed';
  at: string;
}

/** Appends one line to the folder's task log (one short write: whole even with several writers). */
export function logTask(folder: string, line: Omit<TaskLogLine, 'at'>): void {
  appendFileSync(join(folder, 'tasks.ndjson'), `${JSON.stringify({ ...line, at: new Date().toISOString() })}\n`);
}

/** The task log's lines (a line a crash cut short is left out). */
export const readTaskLog = (folder: string): TaskLogLine[] => readLines<TaskLogLine>(join(folder, 'tasks.ndjson'));

/** Removes the stored tables and step records of a finished run (its context and log stay, small). */
export function dropResults(folder: string): void {
  if (!existsSync(folder)) return;
  for (const file of readdirSync(folder)) if (file.endsWith('.parquet') || file.includes('.partial-')) rmSync(join(folder, file), { force: true });
  rmSync(join(folder, 'steps'), { recursive: true, force: true });
}
