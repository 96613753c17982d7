import fc from 'fast-check';

/**
 * Random formulas for property tests: well-formed text over the test schema,
 * with hostile text in a string literal and a column name. Many do not type-check;
 * those that do must compile to safe SQL that DuckDB runs.
 */
export const arbitraryFormula: fc.Arbitrary<string> = fc.letrec<{ formula: string }>((tie) => {
  const leaf = fc.constantFrom('a', 'b', 'x', 's', 'd', 'ts', 'flag', '"Total Spend"', '"a""; DROP"', "'evil'';--'", '1', '2.5', '0', 'null', 'true');
  const node = tie('formula');
  const op = fc.constantFrom(' + ', ' - ', ' * ', ' / ', ' = ', ' < ', ' <> ', ' and ', ' or ');
  const fn1 = fc.constantFrom('abs', 'lower', 'upper', 'length', 'year', 'days_since', 'round', 'not ', '-');
  const fnN = fc.constantFrom('coalesce', 'least', 'greatest');
  return {
    formula: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.tuple(node, op, node).map(([l, o, r]) => `(${l}${o}${r})`),
      fc.tuple(fn1, node).map(([f, x]) => `${f}(${x})`),
      fc.tuple(node, fc.integer({ min: -2, max: 3 })).map(([x, d]) => `round(${x}, ${d})`),
      fc.tuple(fnN, node, node).map(([f, p, q]) => `${f}(${p}, ${q})`),
      fc.tuple(node, node, node).map(([c, p, q]) => `if(${c}, ${p}, ${q})`),
    ),
  };
}).formula;
