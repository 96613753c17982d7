import { ident, sql, type Sql } from '../packages/engine/src/node.ts';
import { HAND_TABLE } from './hand-sql.ts';
import { HOLDOUT_PERCENT, HOLDOUT_SEED, type MarketerPaths } from './marketer-workflow.ts';

/**
 * The marketer workflow's four segments as ONE DuckDB statement, with the
 * spec's semantics: first row of a duplicated key, events on or before as-of,
 * `withinDays N` meaning as-of − N through as-of, a sequence anchored on the
 * last cart of the lookback and "followed" by a purchase strictly later and at
 * most 3 days after it, the priority's first audience winning, and the split's
 * bucket `int(first 8 hex digits of md5(seed:key), 16) mod 10000`.
 */
export function marketerSegmentsSql(paths: Pick<MarketerPaths, 'customers' | 'events'>, asOf: string): Sql {
  const day = sql`CAST(${asOf} AS DATE)`;
  return sql`CREATE OR REPLACE TABLE ${ident(HAND_TABLE)} AS
WITH customers AS (
  SELECT customer_id, email, email_opt_in FROM read_parquet(${paths.customers}, file_row_number = true)
  WHERE customer_id IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY file_row_number) = 1
),
events AS (
  SELECT customer_id, event_time AS t, CAST(event_time AS DATE) AS d, event_type, amount FROM read_parquet(${paths.events})
  WHERE customer_id IS NOT NULL AND CAST(event_time AS DATE) <= ${day}
),
per_customer AS (
  SELECT customer_id,
    sum(amount) FILTER (WHERE event_type = 'purchase' AND d >= ${day} - 365) AS spend_365d,
    count(*) FILTER (WHERE event_type = 'page_view' AND d >= ${day} - 2) AS views_2d,
    count(*) FILTER (WHERE event_type = 'purchase' AND d >= ${day} - 90) AS buys_90d,
    date_diff('day', max(d) FILTER (WHERE event_type = 'purchase'), ${day}) AS days_since_buy,
    max(t) FILTER (WHERE event_type = 'add_to_cart' AND d >= ${day} - 14) AS last_cart
  FROM events GROUP BY customer_id
),
bought_after_cart AS (
  SELECT DISTINCT e.customer_id FROM events AS e JOIN per_customer AS a USING (customer_id)
  WHERE e.event_type = 'purchase' AND e.t > a.last_cart AND e.d <= CAST(a.last_cart AS DATE) + 3
),
people AS (
  SELECT c.customer_id,
    coalesce(a.spend_365d, 0) > 800 AS big,
    a.last_cart IS NOT NULL AND b.customer_id IS NULL AND coalesce(a.views_2d, 0) = 0 AS carted,
    coalesce(a.buys_90d, 0) >= 2 OR a.days_since_buy <= 7 AS repeat_buyer
  FROM customers AS c LEFT JOIN per_customer AS a USING (customer_id) LEFT JOIN bought_after_cart AS b USING (customer_id)
  WHERE c.email_opt_in AND c.email IS NOT NULL
),
audience AS (
  SELECT customer_id, CASE WHEN big THEN 'vip' WHEN carted THEN 'nudge' ELSE 'repeat' END AS who
  FROM people WHERE big OR carted OR repeat_buyer
),
repeaters AS (
  SELECT customer_id,
    CAST('0x' || left(md5(${HOLDOUT_SEED} || ':' || CAST(customer_id AS VARCHAR)), 8) AS UBIGINT) % 10000 < ${HOLDOUT_PERCENT * 100} AS held_out
  FROM audience WHERE who = 'repeat'
)
SELECT 'vip_offer' AS segment, customer_id FROM audience WHERE who = 'vip'
UNION ALL SELECT 'cart_nudge', customer_id FROM audience WHERE who = 'nudge'
UNION ALL SELECT 'repeat_test', customer_id FROM repeaters WHERE NOT held_out
UNION ALL SELECT 'repeat_holdout', customer_id FROM repeaters WHERE held_out`;
}
