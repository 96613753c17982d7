import { compileCondition, type Behaviour, type Sequence } from '../conditions/index.ts';
import type { Schema } from '../model/column.ts';
import { ident, intLiteral, join, raw, sql, type Sql } from '../sql/sql.ts';
import { columnTypes } from './column-types.ts';
import { duckdbDialect, type Dialect } from '../sql/dialects/index.ts';
import type { Relation } from './define-node.ts';

/**
 * Per-customer summaries of events: the values of aggregate nodes and of
 * filters' behaviour and sequence rules, many computed in one scan of the
 * events (lean runs share one summary per events input, duckdb-backend.ts).
 */

/** Each event's date, computed once per row below the GROUP BY (see `summarySql`). */
const DAY = ident('__segflow_day');

/**
 * The aggregate over one customer's events, counting only rows that pass
 * `filter`. sum and avg go through exact decimals so every partitioning and
 * evaluation order gives the same result.
 */
function aggregateSql(config: Behaviour, events: Schema, asOf: Sql, filter: Sql | undefined, exact: ReadonlySet<string> | undefined, dialect: Dialect): Sql {
  const only = filter ? sql` FILTER (WHERE ${filter})` : sql``;
  const col = ident(config.column ?? '');
  const type = events.columns.find((c) => c.name === config.column)?.type;
  const exactCol = type === 'integer' || exact?.has(config.column ?? '') ? col : sql`CAST(${col} AS DECIMAL(38, 9))`;
  const others = events.columns.filter((c) => c.name !== events.timestamp).map((c) => c.name);
  const order = (dir: 'ASC NULLS FIRST' | 'DESC NULLS LAST') =>
    join([events.timestamp!, ...others].map((name) => sql`${ident(name)} ${raw(dir)}`), ', ');
  const double = raw(dialect.type('number'));
  switch (config.fn) {
    case 'count': return sql`count(*)${only}`;
    case 'sum': return type === 'integer' ? sql`CAST(sum(${col})${only} AS BIGINT)` : sql`CAST(sum(${exactCol})${only} AS ${double})`;
    case 'avg': return sql`CAST(sum(${exactCol})${only} AS ${double}) / NULLIF(count(${col})${only}, 0)`;
    case 'min': return sql`min(${col})${only}`;
    case 'max': return sql`max(${col})${only}`;
    case 'first': return dialect.firstInOrder(col, order('ASC NULLS FIRST'), only);
    case 'last': return dialect.firstInOrder(col, order('DESC NULLS LAST'), only);
    case 'days_since_last': return dialect.daysBetween(sql`max(${DAY})${only}`, asOf);
    case 'days_since_first': return dialect.daysBetween(sql`min(${DAY})${only}`, asOf);
  }
}

/**
 * One value of a customer's summary: an aggregate node's (`nodeId`), or a
 * filter's behaviour rule's (`nodeId` = the rule's step id, event-rules.ts).
 */
export interface AggregateStep {
  nodeId: string;
  config: Behaviour;
}

/** A filter's sequence rule: its value is true (followed), false (not followed) or null (no anchor). */
export interface SequenceStep {
  nodeId: string;
  sequence: Sequence;
}

export type SummaryStep = AggregateStep | SequenceStep;

const isSequence = (step: SummaryStep): step is SequenceStep => 'sequence' in step;

/** The rows an aggregate looks at besides "at or before the as-of date": its window and rules. */
function ownFilter(config: Behaviour, events: Schema, asOf: Sql, dialect: Dialect): Sql | undefined {
  const parts: Sql[] = [];
  // The rules first: they usually keep fewer events than the window, so most rows stop there.
  if (config.where) parts.push(compileCondition(config.where, { types: columnTypes(events), asOf, unknownDrops: true, dialect }));
  if (config.withinDays !== undefined) parts.push(sql`${DAY} >= ${asOf} - ${intLiteral(config.withinDays)}`);
  return parts.length ? sql`(${join(parts, ' AND ')})` : undefined;
}

/** The column of a per-customer summary holding one aggregate node's value. */
export const summaryColumn = (nodeId: string) => ident(`__segflow_${nodeId}`);

/** The column of each event row holding the time of its customer's sequence anchor. */
const anchorColumn = (nodeId: string) => ident(`__segflow_anchor_${nodeId}`);

const eventConditionSql = (condition: Sequence['first'], events: Schema, asOf: Sql, dialect: Dialect) =>
  compileCondition(condition, { types: columnTypes(events), asOf, unknownDrops: true, dialect });

/**
 * A sequence's anchor on every event row: the time of the customer's latest
 * event matching `first` in the lookback window (as withinLastDays), a window
 * over the customer's events.
 */
function anchorSql(step: SequenceStep, events: Schema, asOf: Sql, dialect: Dialect): Sql {
  const { first, lookbackDays } = step.sequence;
  const ts = ident(events.timestamp!);
  const inWindow = sql`${DAY} BETWEEN ${asOf} - ${intLiteral(lookbackDays)} AND ${asOf}`;
  return sql`max(CASE WHEN ${eventConditionSql(first, events, asOf, dialect)} AND ${inWindow} THEN ${ts} END) OVER (PARTITION BY ${ident(events.key)}) AS ${anchorColumn(step.nodeId)}`;
}

/** Null without an anchor; else whether an event matching `then` came strictly after it, within `withinDays` of its date. */
function sequenceSql(step: SequenceStep, events: Schema, asOf: Sql, dialect: Dialect): Sql {
  const anchor = anchorColumn(step.nodeId);
  const after = sql`${eventConditionSql(step.sequence.then, events, asOf, dialect)} AND ${ident(events.timestamp!)} > ${anchor}
    AND ${DAY} <= CAST(${anchor} AS DATE) + ${intLiteral(step.sequence.withinDays)}`;
  return sql`CASE WHEN max(${anchor}) IS NULL THEN NULL ELSE count(*) FILTER (WHERE ${after}) > 0 END`;
}

/** The rows a step looks at besides "at or before the as-of date". */
function stepFilter(step: SummaryStep, events: Schema, asOf: Sql, dialect: Dialect): Sql | undefined {
  if (!isSequence(step)) return ownFilter(step.config, events, asOf, dialect);
  const { first, then } = step.sequence;
  return sql`(${eventConditionSql(first, events, asOf, dialect)} OR ${eventConditionSql(then, events, asOf, dialect)})`;
}

/**
 * Several aggregates over the same events in ONE pass: one filtered aggregate
 * each, in one GROUP BY of the key (column `__segflow_key`). A customer's
 * values depend on their own events only, so the summary serves any population.
 * Sequences add one window pass below it, which sets every row's anchors.
 */
export function summarySql(steps: SummaryStep[], events: Relation, asOf: Sql, dialect: Dialect = duckdbDialect): Sql {
  const ev = events.schema;
  const filters = steps.map((s) => stepFilter(s, ev, asOf, dialect));
  const values = steps.map((s, i) => {
    const value = isSequence(s) ? sequenceSql(s, ev, asOf, dialect) : aggregateSql(s.config, ev, asOf, filters[i], events.exact, dialect);
    return sql`${value} AS ${summaryColumn(s.nodeId)}`;
  });
  const where = [sql`${DAY} <= ${asOf}`];
  // When every step looks at a subset, rows in none of them need not be grouped at all.
  if (filters.every(Boolean)) where.push(sql`(${join(filters as Sql[], ' OR ')})`);
  // Derived tables are named: PostgreSQL before 16 requires it.
  let dated = sql`(SELECT *, CAST(${ident(ev.timestamp!)} AS DATE) AS ${DAY} FROM ${events.from} AS __segflow_events)`;
  const sequences = steps.filter(isSequence);
  if (sequences.length) dated = sql`(SELECT *, ${join(sequences.map((s) => anchorSql(s, ev, asOf, dialect)), ', ')} FROM ${dated} AS __segflow_dated)`;
  return sql`SELECT ${ident(ev.key)} AS __segflow_key, ${join(values, ', ')}
    FROM ${dated} AS __segflow_dated WHERE ${join(where, ' AND ')} GROUP BY ${ident(ev.key)}`;
}

/** A step's value in the summary row aliased `alias`: a customer without events counts and sums 0. */
export function summaryValue(step: SummaryStep, alias: Sql): Sql {
  const value = sql`${alias}.${summaryColumn(step.nodeId)}`;
  if (isSequence(step)) return value;
  return step.config.fn === 'count' || step.config.fn === 'sum' ? sql`COALESCE(${value}, 0)` : value;
}

/**
 * The population with the steps' values joined from a summary (`summary` is a
 * table or a parenthesised SELECT of `summarySql`). `output` is the last step's
 * schema: columns made by a step take its value, the others come from `input`.
 */
export function joinSummary(steps: SummaryStep[], input: Relation, summary: Sql, output: Schema): Sql {
  const select = output.columns.map((c) => {
    const step = steps.find((s) => s.nodeId === c.origin);
    return step ? sql`${summaryValue(step, raw('a'))} AS ${ident(c.name)}` : sql`p.${ident(c.name)}`;
  });
  return sql`SELECT ${join(select, ', ')} FROM ${input.from} AS p LEFT JOIN ${summary} AS a ON p.${ident(input.schema.key)} = a.__segflow_key`;
}

/** A chain of aggregates over the same events in one pass, joined once to the customers. */
export function compileAggregates(steps: AggregateStep[], input: Relation, events: Relation, output: Schema, asOf: Sql, dialect: Dialect = duckdbDialect): Sql {
  return joinSummary(steps, input, sql`(${summarySql(steps, events, asOf, dialect)})`, output);
}

