import { ident, sql, type Sql } from '../packages/engine/src/node.ts';
import type { HeldOutPaths } from './held-out-workflow.ts';
import { HAND_TABLE } from './hand-sql.ts';

/**
 * The held-out workflow's three segments as ONE DuckDB statement (the limit
 * its previews and runs are compared with), with the workflow's semantics:
 * first row of a duplicated key, events on or before as-of, `withinDays N`
 * meaning as-of − N through as-of, a rule on NULL false, the lookup's first
 * row per code, ntile ties broken by the key and NULLs left unranked.
 */
export function heldOutSegmentsSql(paths: Pick<HeldOutPaths, 'customers' | 'events' | 'countries'>, asOf: string): Sql {
  const day = sql`CAST(${asOf} AS DATE)`;
  return sql`CREATE OR REPLACE TABLE ${ident(HAND_TABLE)} AS
WITH countries AS (
  SELECT DISTINCT ON (code) code, tier, vat FROM read_csv(${paths.countries}) WHERE code IS NOT NULL ORDER BY code
),
customers AS (
  SELECT customer_id, country
  FROM read_parquet(${paths.customers}, file_row_number = true)
  WHERE customer_id IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY file_row_number) = 1
),
events AS (
  SELECT customer_id, CAST(event_time AS DATE) AS d, event_type, amount
  FROM read_parquet(${paths.events})
  WHERE customer_id IS NOT NULL AND CAST(event_time AS DATE) <= ${day}
),
per_customer AS (
  SELECT customer_id,
    CAST(sum(amount) FILTER (WHERE event_type = 'purchase' AND d >= ${day} - 180) AS DOUBLE)
      / NULLIF(count(amount) FILTER (WHERE event_type = 'purchase' AND d >= ${day} - 180), 0) AS avg_order,
    max(amount) FILTER (WHERE event_type = 'purchase' AND d >= ${day} - 365) AS max_order,
    min(amount) FILTER (WHERE event_type = 'purchase') AS min_order,
    date_diff('day', min(d), ${day}) AS days_since_first,
    count(*) FILTER (WHERE event_type = 'page_view' AND d >= ${day} - 90) AS views_90d
  FROM events GROUP BY customer_id
),
people AS (
  SELECT c.customer_id, k.tier, e.avg_order, e.max_order, e.min_order, e.days_since_first,
    coalesce(e.views_90d, 0) AS views_90d, e.max_order * (1 - k.vat) AS net_value
  FROM customers AS c LEFT JOIN countries AS k ON c.country = k.code LEFT JOIN per_customer AS e USING (customer_id)
),
ranked AS (
  SELECT *, CASE WHEN net_value IS NULL THEN NULL
    ELSE ntile(10) OVER (PARTITION BY net_value IS NULL ORDER BY net_value DESC, customer_id) END AS value_decile
  FROM people
),
core AS (SELECT * FROM ranked WHERE value_decile <= 3 AND days_since_first >= 365)
SELECT 'champions' AS segment, customer_id FROM core WHERE avg_order >= 40 AND max_order - min_order < 300
UNION ALL
SELECT 'growth', customer_id FROM ranked AS r
  WHERE (days_since_first < 90 OR (views_90d >= 3 AND tier = 1))
    AND NOT EXISTS (SELECT 1 FROM core WHERE core.customer_id = r.customer_id)
UNION ALL
SELECT 'reactivate', customer_id FROM ranked WHERE views_90d = 0 AND value_decile <= 5 AND days_since_first >= 365`;
}
