/**
 * Splits formula text into tokens. Keywords (`and`, `not`, `true` …) come out as
 * plain names: the parser decides, so that a quoted `"and"` stays a column.
 */
export type Token =
  | { kind: 'number'; text: string; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'name'; text: string; start: number; end: number }
  | { kind: 'quoted'; value: string; start: number; end: number }
  | { kind: 'op'; text: string; start: number; end: number }
  | { kind: '(' | ')' | ',' | 'eof'; start: number; end: number };

export type TokenizeResult =
  | { ok: true; tokens: Token[] }
  | { ok: false; message: string; position: number };

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(?:\.\d+)?|\.\d+/y;
const SPACE = /\s+/y;
// Longest first, so `<=` is not read as `<` then `=`.
const OPERATORS = ['<>', '!=', '<=', '>=', '+', '-', '*', '/', '=', '<', '>'];

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/**
 * Reads a quoted run starting at `start` (the opening quote). A doubled quote
 * stands for one quote character, as in SQL.
 */
function readQuoted(text: string, start: number, quote: string): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] !== quote) value += text[i++];
    else if (text[i + 1] === quote) {
      value += quote;
      i += 2;
    } else return { value, end: i + 1 };
  }
  return undefined;
}

export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const start = at;
    const ch = text[at];
    const space = matchAt(SPACE, text, at);
    if (space) {
      at += space.length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const quoted = readQuoted(text, start, ch);
      if (!quoted) {
        const what = ch === "'" ? "This text has no closing quote (')" : 'This column name has no closing quote (")';
        return { ok: false, message: what, position: start };
      }
      if (ch === '"' && quoted.value === '') {
        return { ok: false, message: 'A column name cannot be empty', position: start };
      }
      tokens.push({ kind: ch === "'" ? 'string' : 'quoted', value: quoted.value, start, end: quoted.end });
      at = quoted.end;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, start, end: start + 1 });
      at++;
      continue;
    }
    if (text.startsWith('==', at)) {
      return { ok: false, message: 'Use a single `=` to compare', position: start };
    }
    const number = matchAt(NUMBER, text, at);
    const name = number ? undefined : matchAt(NAME, text, at);
    const op = number || name ? undefined : OPERATORS.find((o) => text.startsWith(o, at));
    const word = number ?? name ?? op;
    if (word === undefined) {
      return { ok: false, message: `Unexpected character \`${String.fromCodePoint(text.codePointAt(at)!)}\``, position: start };
    }
    const kind = number ? 'number' : name ? 'name' : 'op';
    tokens.push({ kind, text: word, start, end: start + word.length });
    at += word.length;
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length });
  return { ok: true, tokens };
}
