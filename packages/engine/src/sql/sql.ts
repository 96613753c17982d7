/**
 * SQL fragments that keep user text out of the statement: identifiers are
 * double-quoted (with quotes doubled) and every value becomes a bound `$n`
 * parameter. Fragments compose; `renderSql` numbers parameters at the end.
 *
 * @example
 *   const q = sql`SELECT * FROM ${ident('orders')} WHERE ${ident('amount')} > ${value(50)}`;
 *   renderSql(q) // { text: 'SELECT * FROM "orders" WHERE "amount" > $1', params: [50] }
 */
export type SqlValue = string | number | boolean | null | bigint | SqlStruct | SqlList;

/** A struct of text values, for table-function options such as read_csv's `types`. */
export interface SqlStruct {
  struct: Record<string, string>;
}

/** A non-empty list of text values, bound as one VARCHAR[] parameter (cast it in SQL to the type it holds). */
export interface SqlList {
  list: readonly string[];
}

export interface Sql {
  readonly parts: readonly SqlPart[];
}

type SqlPart =
  | { kind: 'text'; text: string }
  | { kind: 'value'; value: SqlValue };

const SQL = Symbol('sql');
type SqlObject = Sql & { [SQL]: true };

function make(parts: SqlPart[]): Sql {
  return { parts, [SQL]: true } as SqlObject;
}

export function isSql(x: unknown): x is Sql {
  return typeof x === 'object' && x !== null && (x as SqlObject)[SQL] === true;
}

/**
 * Appends one by one: `push(...parts)` passes every part as an argument, and a
 * fragment of a few hundred thousand parts overflows the call stack.
 */
function append(parts: SqlPart[], more: readonly SqlPart[]): void {
  for (const part of more) parts.push(part);
}

/** Tagged template: interpolated Sql fragments are inlined, anything else is bound. */
export function sql(strings: TemplateStringsArray, ...args: unknown[]): Sql {
  const parts: SqlPart[] = [];
  strings.forEach((text, i) => {
    if (text) parts.push({ kind: 'text', text });
    if (i < args.length) {
      const arg = args[i];
      if (isSql(arg)) append(parts, arg.parts);
      else parts.push({ kind: 'value', value: arg as SqlValue });
    }
  });
  return make(parts);
}

/** A double-quoted identifier. Any text is safe here: quotes are doubled. */
export function ident(name: string): Sql {
  return make([{ kind: 'text', text: `"${name.replaceAll('"', '""')}"` }]);
}

/** A bound value. */
export function value(v: SqlValue): Sql {
  return make([{ kind: 'value', value: v }]);
}

/** A bound list of text values; see SqlList. */
export function textList(items: readonly string[]): Sql {
  if (!items.length) throw new Error('an empty list has no type to bind');
  return make([{ kind: 'value', value: { list: items } }]);
}

/**
 * Trusted SQL text written by this codebase (keywords, function names, casts).
 * Never pass user text here: that is what `ident` and `value` are for.
 */
export function raw(text: string): Sql {
  return make([{ kind: 'text', text }]);
}

export function join(fragments: readonly Sql[], separator: string): Sql {
  const parts: SqlPart[] = [];
  fragments.forEach((f, i) => {
    if (i > 0) parts.push({ kind: 'text', text: separator });
    append(parts, f.parts);
  });
  return make(parts);
}

export interface RenderedSql {
  text: string;
  params: SqlValue[];
}

export function renderSql(q: Sql): RenderedSql {
  let text = '';
  const params: SqlValue[] = [];
  for (const part of q.parts) {
    if (part.kind === 'text') text += part.text;
    else {
      params.push(part.value);
      text += `$${params.length}`;
    }
  }
  return { text, params };
}

/*
 * Engine-made constants rendered inline. DuckDB plans a bound `$n` as an
 * unknown value, which can cost 2-20x on hot filters (a partition's
 * `hash(key) % P = k`, the as-of date). These two accept only values whose
 * text cannot carry anything but a number or a date, and throw otherwise.
 * User values still go through `value()`.
 */
export function intLiteral(n: number): Sql {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return make([{ kind: 'text', text: String(n) }]);
}

export function dateLiteral(text: string): Sql {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) throw new Error(`not a date: ${text}`);
  return make([{ kind: 'text', text: `DATE '${text}'` }]);
}
