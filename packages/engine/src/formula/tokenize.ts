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

// Longest first, so `<=` is not read as `<` then `=`.
const OPERATORS = ['<>', '!=', '<=', '>=', '+', '-', '*', '/', '=', '<', '>'];

// Names, numbers and spaces are read by character code, not with a regular expression per token:
// validation tokenizes every formula of every document, and each match made an array. They read
// exactly what these would (tokenize.test.ts compares them): a name /[A-Za-z_][A-Za-z0-9_]*/y,
// a number /\d+(?:\.\d+)?|\.\d+/y, spaces /\s+/y.
const isDigit = (c: number) => c >= 48 && c <= 57;
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNamePart = (c: number) => isNameStart(c) || isDigit(c);
const OTHER_SPACE = /\s/;
/** What `\s` matches: ASCII tab to carriage return and space, and the Unicode spaces (rare: asked of the regex). */
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || (c >= 128 && OTHER_SPACE.test(String.fromCharCode(c)));

/** Where the run of characters `is` accepts, starting at `at`, ends. */
function runEnd(text: string, at: number, is: (c: number) => boolean): number {
  let i = at;
  while (i < text.length && is(text.charCodeAt(i))) i++;
  return i;
}

/** The end of the number at `at` (digits, then a point and digits; or a point and digits), or `at` when none starts there. */
function numberEnd(text: string, at: number): number {
  if (isDigit(text.charCodeAt(at))) {
    const whole = runEnd(text, at, isDigit);
    return text.charCodeAt(whole) === 46 && isDigit(text.charCodeAt(whole + 1)) ? runEnd(text, whole + 1, isDigit) : whole;
  }
  return text.charCodeAt(at) === 46 && isDigit(text.charCodeAt(at + 1)) ? runEnd(text, at + 1, isDigit) : at;
}

const nameEnd = (text: string, at: number) => (isNameStart(text.charCodeAt(at)) ? runEnd(text, at + 1, isNamePart) : at);

/** The number, name or operator starting at `at`, and where it ends; undefined when none does. */
function wordAt(text: string, at: number): { kind: 'number' | 'name' | 'op'; end: number } | undefined {
  const number = numberEnd(text, at);
  if (number > at) return { kind: 'number', end: number };
  const name = nameEnd(text, at);
  if (name > at) return { kind: 'name', end: name };
  for (const op of OPERATORS) if (text.startsWith(op, at)) return { kind: 'op', end: at + op.length };
  return undefined;
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
    const spaceEnd = runEnd(text, at, isSpace);
    if (spaceEnd > at) {
      at = spaceEnd;
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
    const word = wordAt(text, at);
    if (!word) {
      return { ok: false, message: `Unexpected character \`${String.fromCodePoint(text.codePointAt(at)!)}\``, position: start };
    }
    tokens.push({ kind: word.kind, text: text.slice(at, word.end), start, end: word.end });
    at = word.end;
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length });
  return { ok: true, tokens };
}
