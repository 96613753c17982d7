import type { ColumnType } from '../model/column.ts';
import { ident, intLiteral, join, raw, sql, textList, type Sql } from '../sql/sql.ts';
import { duckdbDialect, type Dialect } from '../sql/dialects/index.ts';
import { isEventRule, isGroup, type Condition, type EventRule, type Operator } from './condition.ts';

export interface ConditionContext {
  /** Column types where the condition is evaluated: literals are cast to them. */
  types: ReadonlyMap<string, ColumnType>;
  /** The run's as-of date, an SQL DATE expression. */
  asOf: Sql;
  /** Optional table alias to qualify columns with. */
  alias?: string;
  /**
   * The condition decides a WHERE or a FILTER, which drop a row whose condition
   * is unknown as they drop a false one: outside a NOT, where AND and OR give
   * TRUE alike for unknown and false rules, no rule needs its COALESCE.
   */
  unknownDrops?: boolean;
  /**
   * A behaviour or sequence rule as an SQL boolean over the customer's
   * summary of events (filter.node.ts). Absent: the tree holds none.
   */
  eventRule?: (rule: EventRule) => Sql;
  /** The SQL engine compiled for (default DuckDB). */
  dialect?: Dialect;
}

/** Integers are compared as numbers, so 2.5 is never truncated. */
const literalType = (type: ColumnType): ColumnType => (type === 'integer' ? 'number' : type);

function literal(v: unknown, type: ColumnType, dialect: Dialect): Sql {
  if (type === 'timestamp') return dialect.timestamp(sql`${v}`);
  return sql`CAST(${v} AS ${raw(dialect.type(literalType(type)))})`;
}

/** Lists longer than this are bound as one array instead of one parameter per value. */
export const LONG_LIST = 100;

/**
 * `col IN (…)` for a checked list. A long list becomes one bound array joined as
 * a set: the statement stays small whatever the list's length, and DuckDB hashes
 * the values instead of comparing every row with each of them. `NOT IN` over a
 * list without nulls is null for a null column, like the short form.
 */
function inList(col: Sql, values: readonly unknown[], type: ColumnType, negate: boolean, dialect: Dialect): Sql {
  const op = raw(negate ? 'NOT IN' : 'IN');
  if (values.length <= LONG_LIST) return sql`(${col} ${op} (${join(values.map((v) => literal(v, type, dialect)), ', ')}))`;
  return sql`(${col} ${op} (${dialect.listValues(textList(values.map(String)), literalType(type))}))`;
}

/** `col operator value` for a value of `type`: a column's, or a behaviour's figure. */
export function compileComparison(operator: Operator, v: unknown, col: Sql, type: ColumnType, asOf: Sql, dialect: Dialect = duckdbDialect): Sql {
  const lit = (x: unknown) => literal(x, type, dialect);
  const list = Array.isArray(v) ? v : [];
  const day = sql`CAST(${col} AS DATE)`;
  switch (operator) {
    case 'null': return sql`(${col} IS NULL)`;
    case 'notNull': return sql`(${col} IS NOT NULL)`;
    case '=': return sql`(${col} = ${lit(v)})`;
    case '!=': return sql`(${col} <> ${lit(v)})`;
    case '<': return sql`(${col} < ${lit(v)})`;
    case '<=': return sql`(${col} <= ${lit(v)})`;
    case '>': return sql`(${col} > ${lit(v)})`;
    case '>=': return sql`(${col} >= ${lit(v)})`;
    case 'contains': return dialect.contains(col, lit(v));
    case 'doesNotContain': return sql`(NOT ${dialect.contains(col, lit(v))})`;
    case 'beginsWith': return dialect.startsWith(col, lit(v));
    case 'endsWith': return dialect.endsWith(col, lit(v));
    // One value is a plain comparison, which DuckDB evaluates faster than a list.
    case 'in': return list.length === 1 ? sql`(${col} = ${lit(list[0])})` : list.length ? inList(col, list, type, false, dialect) : raw('FALSE');
    case 'notIn': return list.length === 1 ? sql`(${col} <> ${lit(list[0])})` : list.length ? inList(col, list, type, true, dialect) : sql`(${col} IS NOT NULL)`;
    case 'between': return sql`(${col} BETWEEN ${lit((v as unknown[])[0])} AND ${lit((v as unknown[])[1])})`;
    case 'notBetween': return sql`(NOT (${col} BETWEEN ${lit((v as unknown[])[0])} AND ${lit((v as unknown[])[1])}))`;
    case 'withinLastDays': return sql`(${day} BETWEEN ${asOf} - ${intLiteral(v as number)} AND ${asOf})`;
    case 'notWithinLastDays': return sql`(NOT (${day} BETWEEN ${asOf} - ${intLiteral(v as number)} AND ${asOf}))`;
  }
}

/**
 * Compiles a checked condition tree to an SQL boolean. A rule on a null field is
 * false, never unknown (spec), so every rule is wrapped in COALESCE(…, FALSE)
 * and a group's NOT negates a plain true/false.
 */
export function compileCondition(condition: Condition, ctx: ConditionContext): Sql {
  if (isEventRule(condition)) {
    if (!ctx.eventRule) throw new Error('a behaviour or sequence rule compiled without the events summary');
    const rule = ctx.eventRule(condition);
    return ctx.unknownDrops ? rule : sql`COALESCE(${rule}, FALSE)`;
  }
  if (!isGroup(condition)) {
    const col = ctx.alias ? sql`${ident(ctx.alias)}.${ident(condition.field)}` : ident(condition.field);
    const rule = compileComparison(condition.operator, condition.value, col, ctx.types.get(condition.field) ?? 'string', ctx.asOf, ctx.dialect);
    if (ctx.unknownDrops || condition.operator === 'null' || condition.operator === 'notNull') return rule;
    return sql`COALESCE(${rule}, FALSE)`;
  }
  const inner = condition.not && ctx.unknownDrops ? { ...ctx, unknownDrops: false } : ctx;
  const parts = condition.rules.map((r) => compileCondition(r, inner));
  // An empty group keeps everyone, as react-querybuilder's empty query does.
  const body = parts.length ? sql`(${join(parts, condition.combinator === 'and' ? ' AND ' : ' OR ')})` : raw('TRUE');
  return condition.not ? sql`(NOT ${body})` : body;
}
