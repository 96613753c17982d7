import { ident, sql, type Sql } from '../packages/engine/src/node.ts';
import type { ReferencePaths } from './reference-workflow.ts';

/** The table the hand-written statement fills: one row per (segment, customer). */
export const HAND_TABLE = 'hand_segments';

/**
 * "The limit": the four segments of the reference workflow as ONE DuckDB
 * statement, written the way someone who knows DuckDB would write it for this
 * one workflow: only the needed columns are read, the five event aggregates
 * share one scan and one GROUP BY (with FILTER clauses), and nothing is
 * materialised but the result. Same semantics as the workflow: rows without a
 * key dropped, the first row of a duplicated key kept, only events on or
 * before as-of, `withinDays N` meaning as-of − N through as-of, exact decimal
 * sums, a rule on NULL false.
 */
export function handSegmentsSql(paths: Pick<ReferencePaths, 'customers' | 'events'>, asOf: string): Sql {
  const day = sql`CAST(${asOf} AS DATE)`;
  return sql`CREATE OR REPLACE TABLE ${ident(HAND_TABLE)} AS
WITH customers AS (
  SELECT customer_id, email, email_opt_in, plan, signup_date, credit_score
  FROM read_parquet(${paths.customers}, file_row_number = true)
  WHERE customer_id IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY file_row_number) = 1
),
events AS (
  SELECT customer_id, CAST(event_time AS DATE) AS d, event_type, amount, category
  FROM read_parquet(${paths.events})
  WHERE customer_id IS NOT NULL AND CAST(event_time AS DATE) <= ${day}
),
per_customer AS (
  SELECT customer_id,
    CAST(sum(amount) FILTER (WHERE event_type = 'purchase' AND d >= ${day} - 365) AS DOUBLE) AS spend_365d,
    count(*) FILTER (WHERE event_type = 'purchase' AND category <> 'grocery' AND d >= ${day} - 365) AS orders_365d,
    max(d) AS last_day,
    count(*) FILTER (WHERE event_type = 'add_to_cart' AND d >= ${day} - 30) AS carts_30d,
    count(*) FILTER (WHERE event_type = 'purchase' AND d >= ${day} - 30) AS buys_30d
  FROM events GROUP BY customer_id
),
people AS (
  SELECT c.*,
    coalesce(e.spend_365d, 0) AS spend_365d,
    coalesce(e.orders_365d, 0) AS orders_365d,
    date_diff('day', e.last_day, ${day}) AS days_since_last,
    coalesce(e.carts_30d, 0) >= 1 AND coalesce(e.buys_30d, 0) = 0 AS abandoner
  FROM customers AS c LEFT JOIN per_customer AS e USING (customer_id)
),
top_spenders AS (
  SELECT * FROM (SELECT *, percent_rank() OVER (ORDER BY spend_365d DESC) AS spend_rank FROM people)
  WHERE spend_rank <= 0.1 AND spend_365d > 0
)
SELECT 'vip_active' AS segment, customer_id FROM top_spenders
  WHERE email_opt_in AND email IS NOT NULL AND days_since_last <= 30
    AND round(spend_365d / NULLIF(orders_365d, 0), 2) >= 50
UNION ALL
SELECT 'vip_winback', customer_id FROM top_spenders WHERE days_since_last > 60
UNION ALL
SELECT 'cart_recovery', customer_id FROM people WHERE abandoner
UNION ALL
SELECT 'offer', customer_id FROM people AS p
  WHERE (abandoner OR (plan IN ('pro', 'enterprise') AND signup_date BETWEEN ${day} - 365 AND ${day}))
    AND NOT coalesce(credit_score < 580, false)
    AND NOT EXISTS (SELECT 1 FROM top_spenders AS t WHERE t.customer_id = p.customer_id)`;
}
