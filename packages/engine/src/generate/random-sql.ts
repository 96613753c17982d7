import { join, sql, type Sql, type SqlValue } from '../sql/sql.ts';
import type { Weighted } from './catalog.ts';

/**
 * Pseudo-randomness inside DuckDB. Every draw is a hash of a row key and a
 * salt naming what is drawn, so a value depends only on (seed, row, salt):
 * no state, no order dependence, the same bytes on every run and any thread
 * count. `random()` would give none of that.
 *
 * - `mix(h, x)`: a new 64-bit key from key `h` and any value `x`. Not
 *   `hash(h, x)`: DuckDB combines multi-argument hashes by XOR, which makes two
 *   salts' draws a fixed bit pattern apart, so a purchase draw below 0.05 pinned
 *   the category draw to one category. One murmur round over the XOR still left
 *   a measurable correlation between salts; two pass a chi-square test
 *   (random-sql.test.ts).
 * - `unit(h)`: a 64-bit hash to [0, 1), keeping the 53 bits a DOUBLE holds.
 * - `u(key, salt)`: a uniform draw in [0, 1).
 * - `z(key, salt)`: a standard normal draw (Box–Muller over two uniforms).
 */
export const RANDOM_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO mix(h, x) AS hash(hash(xor(h, hash(x))))`,
  `CREATE OR REPLACE TEMP MACRO unit(h) AS (h >> 11)::DOUBLE / 9007199254740992.0`,
  `CREATE OR REPLACE TEMP MACRO u(key, salt) AS unit(mix(key, salt))`,
  `CREATE OR REPLACE TEMP MACRO z(key, salt) AS
     sqrt(-2 * ln(1 - unit(mix(key, salt)))) * cos(2 * pi() * unit(mix(mix(key, salt), 'second')))`,
];

/**
 * Upper bounds of each choice's slice of [0, 1). The last bound is exactly 1
 * so that rounding in the running sum can never leave a draw unmatched.
 */
export function cumulativeBounds(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0) || weights.some((w) => !(w >= 0))) {
    throw new RangeError('weights must be non-negative with a positive sum');
  }
  let running = 0;
  return weights.map((w, i) => {
    running += w;
    return i === weights.length - 1 ? 1 : running / total;
  });
}

/**
 * A CASE that maps a uniform draw in [0, 1) to one of the choices with
 * probability proportional to its weight. Two picks over the same draw and
 * the same weights choose the same position, which is how a city and its
 * region (or a category and its price) stay consistent.
 *
 * @example
 *   pickSql(sql`plan_draw`, [{ value: 'free', weight: 3 }, { value: 'pro', weight: 1 }])
 *   // CASE WHEN plan_draw < $1 THEN $2 ELSE $3 END   with [0.75, 'free', 'pro']
 */
export function pickSql(draw: Sql, choices: readonly Weighted<SqlValue>[]): Sql {
  const bounds = cumulativeBounds(choices.map((c) => c.weight));
  const last = choices[choices.length - 1];
  const whens = choices
    .slice(0, -1)
    .map((c, i) => sql`WHEN ${draw} < ${bounds[i]} THEN ${c.value}`);
  return sql`CASE ${join(whens, ' ')} ELSE ${last.value} END`;
}

/** A CASE on a key: each key gets its own expression; other keys give NULL. */
export function switchSql(key: Sql, cases: readonly (readonly [SqlValue, Sql])[]): Sql {
  const whens = cases.map(([k, expr]) => sql`WHEN ${k} THEN ${expr}`);
  return sql`CASE ${key} ${join(whens, ' ')} END`;
}
