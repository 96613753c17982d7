import { plainNumber } from '../messages/plain-number.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { warning, type Problem } from '../model/problem.ts';
import type { CompileContext } from '../nodes/define-node.ts';
import { fileRead, qualitySql, type ReadConfig } from '../nodes/ingestion.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { summarySql, type SummaryStep } from '../nodes/event-summary.ts';
import type { AnalyzedNode } from '../validate/analyze-workflow.ts';
import { ident, intLiteral, join, raw, sql, type Sql } from '../sql/sql.ts';
import type { StepOutcome } from '../run/execute-plan.ts';
import { createTableAs, execute, queryRows } from './database.ts';
import { literalPath } from './literal-path.ts';
import { readerSql } from './read-source.ts';
import { parquetQuality } from './parquet-quality.ts';

/** Rows whose key hashes into the first `fraction` of the key space: customers and their events alike. */
export function sampleFilter(key: string, fraction: number): Sql {
  return sql`hash(${ident(key)}) % 10000 < ${intLiteral(Math.round(fraction * 10000))}`;
}

export interface IngestTarget {
  node: AnalyzedNode;
  ctx: CompileContext<Record<string, unknown>>;
  facts: SourceFacts | undefined;
  /** The table the rows go to, unless `inline`. */
  target: Sql;
  /** The rows are recomputed by their readers: only count them. */
  inline: boolean;
  /** Where the events' summary goes and what it holds, when the node's events are summarised. */
  summary?: { table: Sql; steps: SummaryStep[] };
  rawTable: Sql;
  /** Tables of the connection alone, never written to the database file (previews). */
  temporary?: boolean;
  /** The columns the target keeps (absent: all); the quality counts still see every row and column. */
  columns?: readonly string[];
  resolvePath: (path: string, use: 'read') => string;
  sample?: number;
}

const sampled = (sample: number | undefined) => sample !== undefined && sample < 1;

/**
 * Reads the file, cleans it, and counts what was dropped. Parquet is read in
 * place (it numbers its rows); text formats are parsed once into a raw table,
 * whose rowid is file order. In lean runs events are never copied: one pass
 * over them makes the summary their readers read.
 */
export async function ingestSource(connection: DuckDBConnection, t: IngestTarget): Promise<StepOutcome> {
  const { definition } = t.node;
  const config = fileRead(definition.read!(t.node.config));
  const path = t.resolvePath(config.path, 'read');
  const parquet = config.format === 'parquet';
  const temporary = t.temporary;
  if (!parquet) await execute(connection, createTableAs(t.rawTable, sql`SELECT * FROM ${readerSql(config, path)}`, { temporary }));
  try {
    // File order decides which duplicate stays: numbered only for kinds that read it.
    const full = cleaningContext(t, path, parquet);
    const all = definition.compile(full);
    const select = sampled(t.sample) ? sql`SELECT * FROM (${all}) WHERE ${sampleFilter(config.key, t.sample!)}` : all;
    if (t.summary) {
      const events = { from: sql`(${select})`, schema: t.ctx.output, exact: exactDecimals(config, t.facts) };
      await execute(connection, createTableAs(t.summary.table, summarySql(t.summary.steps, events, t.ctx.asOf), { temporary }));
    }
    let kept: number;
    if (t.inline) kept = await countRows(connection, sql`(${select})`);
    else {
      const narrowed = t.columns ? sql`SELECT ${join(t.columns.map((c) => ident(c)), ', ')} FROM (${select})` : select;
      await execute(connection, createTableAs(t.target, narrowed, { temporary }));
      kept = await countRows(connection, t.target);
    }
    // A sample reports no problems: its quality is not counted.
    if (sampled(t.sample)) return { rows: kept, problems: [] };
    const fromFooter = definition.quality === qualitySql ? await parquetQuality(connection, path, config, t.facts) : undefined;
    const quality = fromFooter ?? (await queryRows(connection, definition.quality!(full)))[0];
    return { rows: kept, problems: qualityProblems(t.node.id, config.key, quality, kept, definition.readsFileOrder === true) };
  } finally {
    if (!parquet) await execute(connection, sql`DROP TABLE IF EXISTS ${t.rawTable}`);
  }
}

/** What a source's compile hook reads: the file in place (Parquet) or its raw table. */
function cleaningContext(t: Pick<IngestTarget, 'node' | 'ctx' | 'facts' | 'rawTable'>, path: string, parquet: boolean) {
  const rows = !parquet ? t.rawTable
    : t.node.definition.readsFileOrder ? sql`(SELECT * FROM read_parquet(${literalPath(path)}, file_row_number = true))` : sql`read_parquet(${literalPath(path)})`;
  return { ...t.ctx, raw: rows, rawOrder: parquet ? raw('file_row_number') : raw('rowid'), source: t.facts };
}

/**
 * A Parquet source's cleaned rows as a SELECT reading the file in place, for
 * readers that scan it themselves (previews summarise events this way);
 * undefined for text formats, which must be parsed into a table first.
 */
export function parquetRowsSql(t: Pick<IngestTarget, 'node' | 'ctx' | 'facts' | 'resolvePath' | 'rawTable'>): Sql | undefined {
  const config = t.node.definition.read!(t.node.config);
  if (config.format !== 'parquet') return undefined;
  return t.node.definition.compile(cleaningContext(t, t.resolvePath(config.path, 'read'), true));
}

/** Number columns read from the file as DECIMAL, untouched by a type override: their sums are exact as they are. */
export function exactDecimals(config: ReadConfig, facts: SourceFacts | undefined): Set<string> {
  if (!facts?.ok) return new Set();
  return new Set(facts.columns.filter((c) => c.type === 'number' && c.duckType.startsWith('DECIMAL') && !config.columns?.[c.name]).map((c) => c.name));
}

export async function countRows(connection: DuckDBConnection, table: Sql): Promise<number> {
  const [row] = await queryRows(connection, sql`SELECT count(*) AS n FROM ${table}`);
  return Number(row.n);
}

export function qualityProblems(nodeId: string, key: string, quality: Record<string, unknown>, rowsKept: number, dedupes: boolean): Problem[] {
  const problems: Problem[] = [];
  const read = Number(quality.rows_read);
  const missing = Number(quality.missing_key);
  if (missing) problems.push(warning('missing_key', `${missing === 1 ? '1 row has' : `${plainNumber(missing)} rows have`} no "${key}" and ${missing === 1 ? 'was' : 'were'} left out: every row needs a customer key.`, { nodeId }));
  const duplicates = read - missing - rowsKept;
  if (duplicates > 0) {
    const choose = dedupes ? ' Choose which one under “When a key appears twice”.' : '';
    problems.push(warning('duplicate_key', `${duplicates === 1 ? '1 row repeats' : `${plainNumber(duplicates)} rows repeat`} a "${key}" seen before: one row per customer is kept.${choose}`, { nodeId }));
  }
  for (const [name, n] of Object.entries(quality))
    if (name.startsWith('invalid:') && Number(n) > 0)
      problems.push(warning('invalid_value', `${plainNumber(Number(n))} values of "${name.slice(8)}" could not be read as its type and are left empty.`, { nodeId, field: name.slice(8) }));
  return problems;
}
