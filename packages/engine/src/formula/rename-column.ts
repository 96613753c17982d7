import type { FormulaNode } from './ast.ts';
import { parseFormula } from './parse.ts';

const BARE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

/** How a column is written in a formula: bare when it can be, else in double quotes. */
export const columnInFormula = (name: string) => (BARE.test(name) && !WORDS.has(name.toLowerCase()) ? name : `"${name.replaceAll('"', '""')}"`);

/**
 * The formula with every reading of column `from` written as `to`, the rest of
 * the text as it was; unchanged when the formula does not parse (its problem
 * shows as it is) or does not read `from`.
 */
export function renameFormulaColumn(text: string, from: string, to: string): string {
  const parsed = parseFormula(text);
  if (!parsed.ok) return text;
  const spans: { start: number; end: number }[] = [];
  const visit = (node: FormulaNode): void => {
    if (node.kind === 'column' && node.name === from) spans.push({ start: node.start, end: node.end });
    for (const child of Object.values(node)) {
      if (Array.isArray(child)) child.forEach((c) => isNode(c) && visit(c));
      else if (isNode(child)) visit(child);
    }
  };
  visit(parsed.ast);
  let out = text;
  for (const span of spans.sort((a, b) => b.start - a.start)) out = out.slice(0, span.start) + columnInFormula(to) + out.slice(span.end);
  return out;
}

const isNode = (v: unknown): v is FormulaNode => typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string' && 'start' in v;
